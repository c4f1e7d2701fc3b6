from django.urls import path

from . import public_views, views

app_name = "impact"

urlpatterns = [
    path("report-delivery/<str:token>/", views.delivery_return, name="return"),
    path("supplier-survey/<str:token>/", views.survey_answer, name="survey"),
    path("insights/wider-impact/", public_views.partnership, name="partnership"),
    path("insights/wider-impact/<int:year>/", public_views.partnership, name="partnership_year"),
    path("insights/wider-impact/<int:year>/<slug:anchor>/", public_views.anchor, name="anchor"),
    path("insights/wider-impact/<int:year>/figures.csv", public_views.figures_csv, name="csv"),
]
