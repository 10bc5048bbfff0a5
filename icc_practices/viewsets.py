"""Admin screens for the taxonomy, as Wagtail snippet viewsets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from icc_practices.models import City, Country, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug"]
    sort_order_field = "sort_order"
    copy_view_enabled = False


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    menu_label = _("Countries")
    list_display = ["name", "code"]
    list_per_page = 100
    copy_view_enabled = False


class CityViewSet(SnippetViewSet):
    model = City
    icon = "site"
    menu_label = _("Cities")
    list_display = ["name", "country", "slug"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return City.objects.select_related("country", "locale")


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Practice taxonomy")
    menu_icon = "folder-open-inverse"
    items = (TopicViewSet, CountryViewSet, CityViewSet)
