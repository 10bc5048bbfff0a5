from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as wagtail_api_v3

from icc_practices.api.v2 import PracticesAPIViewSet
from icc_practices.sitemaps import sitemap

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("practices", PracticesAPIViewSet)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v3/", wagtail_api_v3.urls),
    path("api/v2/", api_v2.urls),
    path("sitemap.xml", sitemap),
    path("", include("icc_practices.urls")),
    # A page of a host site that is not a practice: the page tools must work there too.
    path("host-page/", TemplateView.as_view(template_name="host_page.html")),
    # Wagtail i18n as documented: French pages under /fr/, the default language unprefixed.
    *i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False),
]
