"""The columns of an export, an import file and the ICC template: defined once.

A row is a ``dict`` of column name to value. Values are typed (a list of slugs, a list
of links, the further material as JSON data) and the flat formats (CSV, XLSX) write
lists as cells (``LIST_SEPARATOR`` between items, links one per line as
``text | address``); :func:`to_cell` and :func:`from_cell` convert.

The external key (``key``) is the practice's ``translation_key``: shared by a practice
and its translations, so translations are re-linked on import. A key that is not a UUID
(``ICC-0042`` in a city's spreadsheet) names the same practice on every import: it is
turned into a UUID by :func:`key_uuid`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from icc_practices.models.sections import SECTION_HELP, SECTION_LABELS

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

LIST_SEPARATOR = "; "
LINK_SEPARATOR = " | "
# Keys that are not UUIDs become UUIDs in this namespace (uuid5), the same on every site.
KEY_NAMESPACE = uuid.UUID("6b1f5a8e-3c1e-4d4a-9a0e-1c2d3e4f5a6b")


@dataclass(frozen=True)
class Column:
    name: str
    label: _StrOrPromise
    help: _StrOrPromise
    kind: str = "text"  # text, html, year, list, links, json, datetime, email
    required: bool = False
    #: Written by the export but not read by the import (the page's address).
    export_only: bool = False
    example: Any = ""


def _section(key: str, example: str) -> Column:
    return Column(
        key, SECTION_LABELS[key], SECTION_HELP[key], kind="html", example=f"<p>{example}</p>"
    )


COLUMNS: tuple[Column, ...] = (
    Column(
        "key",
        _("external key"),
        _(
            "Identifies the practice on every import: the same key updates the same "
            "practice. Any text (a number from your own list), or the key of an export."
        ),
        required=True,
        example="ICC-0001",
    ),
    Column(
        "language",
        _("language"),
        _("The language of this row, as a code (en, fr). Empty: the site's default."),
        example="en",
    ),
    Column(
        "title",
        _("title"),
        _("The practice's name."),
        required=True,
        example="Barcelona and international municipalism",
    ),
    Column(
        "slug",
        _("slug"),
        _("The last part of the practice's address. Empty: made from the title."),
        example="barcelona-and-international-municipalism",
    ),
    Column(
        "summary",
        _("summary"),
        _("Plain text shown in listings and under the title (600 characters at most)."),
        required=True,
        example="Barcelona pursues international municipalism through partnerships with cities.",
    ),
    Column(
        "year",
        _("year"),
        _("The year the practice started. Empty: not stated (an ongoing practice)."),
        kind="year",
        example="2018",
    ),
    Column(
        "period",
        _("period"),
        _('Shown instead of the year, e.g. "2010 - ongoing".'),
        example="2018 - 2021",
    ),
    Column(
        "country",
        _("country"),
        _("The lead country: an ISO code (ES) or its name in any of the site's languages."),
        required=True,
        example="ES",
    ),
    Column(
        "other_countries",
        _("further countries"),
        _("Cross-border practices: more countries, separated by semicolons."),
        kind="list",
        example=[],
    ),
    Column(
        "cities",
        _("cities"),
        _(
            'Where it happens: city slugs or names, separated by semicolons; "Name (CC)" '
            "names the country too."
        ),
        kind="list",
        example=["Barcelona (ES)"],
    ),
    Column(
        "partner_cities",
        _("partner cities"),
        _("Cities in any country it works with, separated by semicolons."),
        kind="list",
        example=["Medellín (CO)", "Maputo (MZ)", "Havana (CU)"],
    ),
    Column(
        "topics",
        _("topics"),
        _("One or more topic slugs or names, separated by semicolons."),
        kind="list",
        required=True,
        example=["international-outlook"],
    ),
    Column(
        "keywords",
        _("keywords"),
        _("Free keywords, separated by semicolons."),
        kind="list",
        example=["municipalism", "global justice"],
    ),
    _section("purpose", "What the practice set out to achieve, and for whom."),
    _section("rationale", "Why it was started."),
    _section("process", "How it was carried out."),
    _section("impact", "What changed."),
    Column(
        "lead_organisation",
        _("lead organisation"),
        _("Who runs the practice."),
        example="Barcelona City Council",
    ),
    Column(
        "partners",
        _("partners"),
        _("Other organisations involved, one per line."),
        example="Think tanks\nCivil society",
    ),
    Column("contact_name", _("contact person"), _("A name, or empty."), example=""),
    Column(
        "contact_email",
        _("contact e-mail"),
        _("An e-mail address, or empty."),
        kind="email",
        example="",
    ),
    Column(
        "links",
        _("external links"),
        _('One per line, as "link text | address".'),
        kind="links",
        example=[{"title": "Barcelona City Council", "url": "https://ajuntament.barcelona.cat/"}],
    ),
    Column(
        "hero_image",
        _("main image"),
        _("A file name, found in the ZIP archive or the folder given with the file."),
        example="",
    ),
    Column(
        "body",
        _("further material"),
        _("Headings, text and quotes as exported (JSON); empty for none."),
        kind="json",
        example=[],
    ),
    Column(
        "seo_title",
        _("title for search engines"),
        _("Optional."),
        example="",
    ),
    Column(
        "search_description",
        _("description for search engines"),
        _("Optional; the summary is used when empty."),
        example="",
    ),
    Column(
        "first_published_at",
        _("first published"),
        _("When it was first published (ISO 8601), to keep the order of a collection."),
        kind="datetime",
        example="",
    ),
    Column(
        "url",
        _("address"),
        _("The practice's address on the exporting site (not read by the import)."),
        export_only=True,
        example="",
    ),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
IMPORTED: tuple[Column, ...] = tuple(column for column in COLUMNS if not column.export_only)
REQUIRED: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)


def key_uuid(key: str) -> uuid.UUID:
    """The ``translation_key`` for an external key: itself if it is a UUID, else a
    UUID made from it (the same on every site and every import)."""
    try:
        return uuid.UUID(key)
    except ValueError:
        return uuid.uuid5(KEY_NAMESPACE, key)


def to_cell(column: Column, value: Any) -> str:
    """A value as text for a CSV or XLSX cell."""
    if value is None:
        return ""
    if column.kind == "list":
        return LIST_SEPARATOR.join(value)
    if column.kind == "links":
        return "\n".join(f"{link['title']}{LINK_SEPARATOR}{link['url']}" for link in value)
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return str(value)


def split_list(text: str) -> list[str]:
    """A list cell's items: separated by semicolons or line breaks, blanks dropped."""
    return [item.strip() for item in text.replace("\n", ";").split(";") if item.strip()]


def _split_links(text: str) -> list[dict[str, str]]:
    links = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, separator, url = line.rpartition("|")
        if not separator:  # only an address
            title, url = line, line
        links.append({"title": title.strip(), "url": url.strip()})
    return links


def from_cell(column: Column, text: str) -> Any:
    """A CSV or XLSX cell as the value the JSON format carries (the inverse of
    :func:`to_cell`); JSON that does not parse raises ``ValueError``."""
    text = text.strip() if column.kind != "html" else text
    if column.kind == "list":
        return split_list(text)
    if column.kind == "links":
        return _split_links(text)
    if column.kind == "json":
        return json.loads(text) if text.strip() else []
    return text
