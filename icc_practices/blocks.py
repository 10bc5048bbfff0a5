"""StreamField blocks for host pages: a collection of practices on any page.

``from icc_practices.blocks import PracticeCollectionBlock`` and add it to a page's
StreamField (docs/how-to/discovery-and-sharing.md).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def collection_filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter options editors choose from, grouped by facet: every registered facet's
    vocabulary as the index labels it, in the editor's language (values ``facet=value``).
    Facets that list only the values practices have (years, cities) offer those of any
    practice, published or not."""
    from icc_practices.models import PracticePage
    from icc_practices.search.facets import registered_facets
    from icc_practices.search.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(translation.get_language())
    groups = []
    for facet in registered_facets():
        present = () if facet.whole_vocabulary else facet.value_counts(PracticePage.objects.all())
        options = facet.options(taxonomy, present, ())
        if options:
            groups.append(
                (
                    str(facet.label),
                    [(f"{facet.name}={value}", str(label)) for value, label in options],
                )
            )
    return groups


class FacetChoicesWidget(forms.CheckboxSelectMultiple):
    """Checkboxes grouped by facet, each group a scrollable box (Wagtail's admin reads
    them as any ``CheckboxSelectMultiple``)."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"class": "icc-facet-choices", **(attrs or {})})

    class Media:
        css = {"all": ["icc_practices/admin/icc-facet-choices.css"]}


def collection_sort_choices() -> list[tuple[str, str]]:
    from icc_practices.search.params import SORT_LABELS

    return [(sort, str(label)) for sort, label in SORT_LABELS.items()]


class PracticeCollectionBlock(blocks.StructBlock):
    """The practices of a saved filter, with their number and a "See all" link."""

    heading = blocks.CharBlock(required=False, max_length=255, label=_("heading"))
    filters = blocks.MultipleChoiceBlock(
        choices=collection_filter_choices,
        widget=FacetChoicesWidget,
        required=False,
        label=_("filters"),
        help_text=_(
            "The practices to show, as the practice index filters them: several values of "
            "one kind combine with OR, different kinds with AND. None shows every practice."
        ),
    )
    search = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("search words"),
        help_text=_("Optional: only practices that contain these words."),
    )
    sort = blocks.ChoiceBlock(choices=collection_sort_choices, default="newest", label=_("order"))
    limit = blocks.IntegerBlock(default=6, min_value=1, max_value=24, label=_("practices shown"))
    index = blocks.PageChooserBlock(
        page_type="icc_practices.PracticeIndexPage",
        required=False,
        label=_("practice index"),
        help_text=_(
            'Whose practices to show, and where "See all" leads (in the page\'s language). '
            "Leave empty for the site's first practice index."
        ),
    )

    class Meta:
        icon = "list-ul"
        label = _("practice collection")
        template = "icc_practices/blocks/practice_collection.html"

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict[str, Any]:
        from icc_practices.public.collections import practice_collection

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["collection"] = practice_collection(
            request,
            value.get("filters") or [],
            index=value.get("index"),
            search=value.get("search") or "",
            sort=value.get("sort") or "",
            limit=value.get("limit") or 6,
        )
        context["request"] = request
        context["card_heading_level"] = 3 if value.get("heading") else 2
        return context
