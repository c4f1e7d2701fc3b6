"""URL routes of this app that are not Wagtail pages (feeds, APIs, forms). Included by portal/urls.py."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/<id:event_id>/register/", views.register_view, name="register"),
    path("events/<id:event_id>/event.ics", views.event_calendar, name="event_calendar"),
    path("events/registration/<str:token>/", views.registration_view, name="registration"),
    path("events/registration/<str:token>/cancel/", views.cancel_view, name="cancel"),
    path("events/calendar.ics", views.calendar_feed, name="calendar"),
    path("events/calendar/<slug:slug>.ics", views.organisation_calendar_feed, name="organisation_calendar"),
    path("events/embed/", views.embed, name="embed"),
    path("partners/", views.partner_index, name="partners"),
    path("partners/<slug:slug>/", views.partner_view, name="partner"),
]
