"""What the host's base template offers the package's pages.

The package's pages extend ``ICC_PRACTICES_BASE_TEMPLATE`` and fill its ``content`` block.
Their stylesheet and head tags (canonical and ``hreflang`` links) go in a head block,
``extra_css`` as on sites made with ``wagtail start``. A host whose base template has no
such block (Wagtail's bakerydemo, for one) would otherwise show the pages unstyled, so:
the stylesheets then open the ``content`` block (``<link rel="stylesheet">`` is allowed in
the body), and the canonical and ``hreflang`` links are sent as HTTP ``Link`` headers,
which search engines read like the head tags.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from wagtail.models import Page

from icc_practices.conf import settings

HEAD_BLOCK = "extra_css"
CONTENT_BLOCK = "content"


@functools.lru_cache(maxsize=32)
def template_blocks(name: str) -> frozenset[str] | None:
    """The blocks a template and the templates it extends define; ``None`` when it does
    not exist or is not a Django template. Read once per process."""
    return _blocks(name, frozenset())


def _blocks(name: str, seen: frozenset[str]) -> frozenset[str] | None:
    try:
        template = getattr(get_template(name), "template", None)
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return None
    if template is None:
        return None
    names = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    for extends in template.nodelist.get_nodes_by_type(ExtendsNode):
        parent = extends.parent_name.resolve(Context())  # "" when named by a variable
        # A template extending its own name (an override) extends the next one found;
        # that one cannot be looked up by name here, so its blocks are left out.
        if isinstance(parent, str) and parent and parent not in seen | {name}:
            names |= _blocks(parent, seen | {name}) or set()
    return frozenset(names)


def head_in_body() -> bool:
    """Whether the package must put its stylesheets in the content block, and its head
    links in ``Link`` headers, because the host's base template has no head block."""
    blocks = template_blocks(settings.BASE_TEMPLATE)
    return blocks is not None and HEAD_BLOCK not in blocks


def add_head_links(
    response: HttpResponse,
    request: HttpRequest,
    page: Page,
    canonical: str | None,
    query: str,
    feeds: Sequence[tuple[str, str, str]] = (),
) -> None:
    """Send the canonical, ``hreflang`` and feed links as a ``Link`` header when the
    host's base template has no head block to carry them (RFC 8288; search engines and
    feed readers read both)."""
    from icc_practices.models.taxonomy import default_content_language
    from icc_practices.public.languages import language_links

    if not head_in_body():
        return
    links = [f'<{canonical}>; rel="canonical"'] if canonical else []
    alternates = language_links(page, request, query)
    if len(alternates) > 1:
        links += [f'<{a.url}>; rel="alternate"; hreflang="{a.language_code}"' for a in alternates]
        default = next(
            (a for a in alternates if a.language_code == default_content_language()), None
        )
        if default is not None:
            links.append(f'<{default.url}>; rel="alternate"; hreflang="x-default"')
    links += [
        f'<{request.build_absolute_uri(url)}>; rel="alternate"; type="{mime_type}"'
        for mime_type, _label, url in feeds
    ]
    if links:
        response["Link"] = ", ".join(links)
