"""Template tags that let a host site use practices in its own templates.

``{% load icc_practices_tags %}``, then for example ``{% icc_latest_practices 3 %}``.
Each tag renders a small template under ``icc_practices/includes/`` that hosts can
override by path.
"""

from __future__ import annotations

import warnings
from html import escape
from typing import Any

from django import template
from django.core.paginator import Page as PaginatorPage
from django.http import QueryDict
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from icc_practices.models.taxonomy import default_content_language
from icc_practices.public.cards import practice_cards
from icc_practices.public.host_template import head_in_body
from icc_practices.public.languages import (
    lang_attribute,
    language_links,
    other_language_name,
    switcher_links,
)
from icc_practices.public.partner_cities import partner_cities
from icc_practices.public.response_cache import kept_whole
from icc_practices.search.cache import cached
from icc_practices.search.listing import latest_practice_ids, listed_practices

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, parts: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> str:
        if kept_whole(context.get("request")):
            return self.nodelist.render(context)
        parts = tuple(part.resolve(context) for part in self.parts)
        return cached(f"fragment:{self.name}", parts, lambda: self.nodelist.render(context))


@register.tag("icc_cached")
def icc_cached(parser: template.base.Parser, token: template.base.Token) -> CachedFragmentNode:
    """``{% icc_cached "name" part... %}...{% endicc_cached %}``: Django's ``{% cache %}``
    keyed by the package's generations, in its cache alias, and served by rendering the
    fragment when the cache fails (Django's tag would raise)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'icc_cached' needs a fragment name.")
    nodelist = parser.parse(("endicc_cached",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return CachedFragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag
def icc_head_in_body() -> bool:
    """Whether the host's base template lacks the head block (``extra_css``), so the
    package's stylesheets must open the content block instead."""
    return head_in_body()


@register.inclusion_tag("icc_practices/includes/stylesheet.html")
def icc_stylesheet() -> dict[str, Any]:
    """The package stylesheet, for host templates that use the tags outside
    the package's own pages."""
    return {}


@register.inclusion_tag("icc_practices/includes/practice_card.html", takes_context=True)
def icc_practice_card(context: template.Context, practice, heading_level: int = 2):
    """A practice as a listing entry: title, place, year, topics and summary."""
    return {"request": context.get("request"), "practice": practice, "heading_level": heading_level}


@register.simple_tag(takes_context=True)
def icc_practice_cards(context: template.Context, ids, heading_level: int = 2) -> list[SafeString]:
    """Cards of the practices with these ids (a page of results: ``results.ids``), each
    rendered from ``practice_card.html`` and cached until content changes."""
    return practice_cards(context.get("request"), ids, heading_level)


@register.inclusion_tag("icc_practices/includes/practice_meta.html")
def icc_practice_meta(practice) -> dict[str, Any]:
    """Year or period, cities and country, and topics of a practice."""
    return {"practice": practice}


@register.simple_tag(takes_context=True)
def icc_partner_cities(context: template.Context, practice) -> list:
    """``{% icc_partner_cities page as cities %}``: the practice's partner cities, each
    with ``label`` and ``practices_url`` (the index filtered to the city, or None)."""
    return partner_cities(practice, context.get("request"))


@register.inclusion_tag("icc_practices/includes/latest_practices.html", takes_context=True)
def icc_latest_practices(
    context: template.Context, limit: int = 3, heading_level: int = 3
) -> dict[str, Any]:
    """The newest practices of the current site and language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    ids = latest_practice_ids(site, limit)
    return {
        "request": request,
        "ids": ids,
        # Read from the database only if an overriding template uses them.
        "practices": SimpleLazyObject(lambda: listed_practices(ids)),
        "heading_level": heading_level,
    }


@register.simple_tag(takes_context=True)
def icc_page_url(context: template.Context, page_number: int, results=None) -> str:
    """The query string of another page: of ``results`` (or the context's ``results``) in
    canonical form, else the current address with ``page`` set, other parameters kept."""
    results = results if results is not None else context.get("results")
    if hasattr(results, "page_query"):
        return results.page_query(page_number)
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params["page"] = str(page_number)
    return "?" + params.urlencode()


@register.simple_tag
def icc_page_range(page_obj: PaginatorPage) -> list[int | str]:
    """Page numbers around the current one, with an ellipsis for the rest."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2))


@register.simple_tag
def icc_results_page_query(results, page_number: int) -> str:
    """Deprecated: ``{% icc_page_url page_number results %}`` does the same."""
    warnings.warn(
        "icc_results_page_query is deprecated: use {% icc_page_url number results %}",
        DeprecationWarning,
        stacklevel=2,
    )
    return results.page_query(page_number)


def _filter_query(context: template.Context) -> str:
    """The current filters (no page number: result pages differ between languages)."""
    results = context.get("results")
    state = getattr(results, "state", None)
    return state.query_string(page=False) if state is not None else ""


@register.inclusion_tag("icc_practices/includes/language_switcher.html", takes_context=True)
def icc_language_switcher(context: template.Context) -> dict[str, Any]:
    """Links to the current page in its other languages, keeping the filters."""
    links = switcher_links(context.get("page"), context.get("request"), _filter_query(context))
    return {"links": links if len(links) > 1 else []}


@register.inclusion_tag("icc_practices/includes/practice_languages.html", takes_context=True)
def icc_practice_languages(context: template.Context, page) -> dict[str, Any]:
    """ "Available in: English, Français": the languages a practice exists in, linked."""
    links = language_links(page, context.get("request"))
    return {"links": links if len(links) > 1 else []}


@register.simple_tag
def icc_lang(page) -> SafeString:
    """`` lang="en"`` on an element holding ``page``'s content, when that is not in the
    interface's language: ``<h1{% icc_lang page %}>``."""
    return lang_attribute(page)


@register.simple_tag
def icc_other_language(page) -> str:
    """The name of ``page``'s language when it is not the interface's, else empty:
    ``{% icc_other_language practice as language %}``."""
    return other_language_name(page)


@register.inclusion_tag("icc_practices/includes/hreflang.html", takes_context=True)
def icc_hreflang_links(context: template.Context) -> dict[str, Any]:
    """``<link rel="alternate" hreflang>`` for each translation of the current page."""
    links = language_links(context.get("page"), context.get("request"), _filter_query(context))
    if len(links) < 2:
        return {"links": [], "default": None}
    default = next(
        (link for link in links if link.language_code == default_content_language()), None
    )
    return {"links": links, "default": default}


FACET_OPTION_HTML = (
    '<div class="icc-facet__option{empty}">'
    '<input type="checkbox" id="icc-{name}-{value}" name="{name}" value="{value}"{checked}'
    "{disabled}>"
    '<label for="icc-{name}-{value}">{label} <span class="icc-facet__count">({count})</span>'
    "</label></div>"
)


@register.simple_tag
def icc_facet_options(facet) -> SafeString:
    """A facet's checkboxes. Built in Python rather than a template: a filter form has
    about 200 options, and the template engine took some 15 ms for them on every filter
    state not seen before (docs/performance.md); ``format_html`` still took 5 ms, most of
    it escaping the same strings through lazy wrappers, so each string is escaped once
    here with ``html.escape``. For other markup, override ``includes/facet.html`` and loop
    over ``facet.options`` there."""
    name = escape(str(facet.name))
    return mark_safe(  # noqa: S308 - every interpolated string is escaped above or below
        "\n".join(
            FACET_OPTION_HTML.format(
                name=name,
                value=escape(str(option.value)),
                label=escape(str(option.label)),
                count=int(option.count),
                checked=" checked" if option.selected else "",
                disabled=" disabled" if option.disabled else "",
                empty=" icc-facet__option--empty" if option.disabled else "",
            )
            for option in facet.options
        )
    )
