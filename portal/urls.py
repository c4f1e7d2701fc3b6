from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import robots, views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", views.health, name="health"),
    # Search engines are how many small firms first meet an opportunity: list every live page for them.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots.robots_txt, name="robots"),
    # Each app's own routes (feeds, APIs, forms); pages are served by Wagtail below.
    path("", include("opportunities.urls")),
    path("", include("finder.urls")),
    path("", include("alerts.urls")),
    path("", include("events.urls")),
    path("", include("guidance.urls")),
    path("", include("insights.urls")),
    path("", include("spend.urls")),
    path("", include("suppliers.urls")),
    path("", include("impact.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
