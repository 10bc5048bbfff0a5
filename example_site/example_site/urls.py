from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as wagtail_api
from wagtail.documents import urls as wagtaildocs_urls

from icc_practices.sitemaps import sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v3/", wagtail_api.urls),  # OpenAPI document at api/v3/openapi.json
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),  # every language's pages, with hreflang alternates
    path("", include("icc_practices.urls")),  # one-click unsubscribe of alert e-mails
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages in the default language at /, French at /fr/ (Wagtail i18n with i18n_patterns).
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
