"""Page tools for any template of any site: text size, print, PDF and back to results.

``{% load icc_page_tools %}``, then ``{% icc_page_tools %}`` for the whole toolbar, or the
controls one by one: ``{% icc_text_smaller %}``, ``{% icc_text_reset %}``,
``{% icc_text_larger %}``, ``{% icc_print_button %}``, ``{% icc_pdf_link %}``,
``{% icc_back_link %}``. Each tag brings the tools' stylesheet and script the first time
one is used in a request (``{% icc_page_tools_assets %}`` places them explicitly, e.g.
in ``<head>``). Markup lives in ``icc_practices/page_tools/`` and can be overridden.

Buttons are rendered ``hidden`` and shown by the script: without JavaScript they are
absent rather than dead. The PDF and back links are plain links and always work.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from icc_practices.conf import settings

register = template.Library()

_ASSETS_FLAG = "_icc_page_tools_assets"


def _request(context: template.Context) -> HttpRequest | None:
    return context.get("request")


def _claim_assets(context: template.Context) -> bool:
    """True the first time in a request: the caller then includes the CSS and JS. Without
    a request they are included each time (the script guards against running twice)."""
    request = _request(context)
    if request is None:
        return True
    if getattr(request, _ASSETS_FLAG, False):
        return False
    setattr(request, _ASSETS_FLAG, True)
    return True


def pdf_url(context: template.Context) -> str | None:
    """The PDF of the current page, if its page type offers one (``get_pdf_url``).
    Not in previews: the link would lead to the published PDF, not the draft."""
    request = _request(context)
    if request is not None and getattr(request, "is_preview", False):
        return None
    get_pdf_url = getattr(context.get("page"), "get_pdf_url", None)
    return get_pdf_url(request) if callable(get_pdf_url) else None


def page_url(context: template.Context) -> str:
    """The address printed on paper: the page's canonical URL, else the request's."""
    request = _request(context)
    page = context.get("page")
    get_full_url = getattr(page, "get_full_url", None)
    full_url = get_full_url(request) if get_full_url is not None else None
    if full_url:
        return full_url
    return request.build_absolute_uri(request.path) if request is not None else ""


def _tool_context(context: template.Context, **extra: Any) -> dict[str, Any]:
    page = context.get("page")
    return {
        "request": _request(context),
        "include_assets": _claim_assets(context),
        "text_sizes": " ".join(str(size) for size in settings.TEXT_SIZES),
        "back_url": context.get("back_url") or "",
        "pdf_url": pdf_url(context),
        "pdf_filename": f"{getattr(page, 'slug', '') or 'page'}.pdf",
        "page_url": page_url(context),
        **extra,
    }


@register.inclusion_tag("icc_practices/page_tools/assets.html", takes_context=True)
def icc_page_tools_assets(context: template.Context) -> dict[str, Any]:
    """The tools' stylesheet and script, once per request."""
    return {"include_assets": _claim_assets(context)}


@register.inclusion_tag("icc_practices/page_tools/toolbar.html", takes_context=True)
def icc_page_tools(context: template.Context) -> dict[str, Any]:
    """Back to results, text size, print and PDF, as one group."""
    return _tool_context(context)


@register.inclusion_tag("icc_practices/page_tools/text_size.html", takes_context=True)
def icc_text_smaller(context: template.Context) -> dict[str, Any]:
    return _tool_context(context, action="smaller")


@register.inclusion_tag("icc_practices/page_tools/text_size.html", takes_context=True)
def icc_text_larger(context: template.Context) -> dict[str, Any]:
    return _tool_context(context, action="larger")


@register.inclusion_tag("icc_practices/page_tools/text_size.html", takes_context=True)
def icc_text_reset(context: template.Context) -> dict[str, Any]:
    return _tool_context(context, action="reset")


@register.inclusion_tag("icc_practices/page_tools/print.html", takes_context=True)
def icc_print_button(context: template.Context) -> dict[str, Any]:
    return _tool_context(context)


@register.inclusion_tag("icc_practices/page_tools/pdf_link.html", takes_context=True)
def icc_pdf_link(context: template.Context) -> dict[str, Any]:
    return _tool_context(context)


@register.inclusion_tag("icc_practices/page_tools/back_link.html", takes_context=True)
def icc_back_link(context: template.Context) -> dict[str, Any]:
    return _tool_context(context)
