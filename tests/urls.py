from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # A page of a host site that is not a practice: the page tools must work there too.
    path("host-page/", TemplateView.as_view(template_name="host_page.html")),
    path("", include(wagtail_urls)),
]
