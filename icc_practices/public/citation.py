"""Citing a practice: a plain-text reference on the page, BibTeX and CSL-JSON to download
(``cite/bibtex/`` and ``cite/csl-json/`` under the practice), which reference managers
(Zotero, Mendeley, pandoc, LaTeX) import.

The author is the organisation that runs the practice, else its cities, else the site;
the date is the page's publication on the site (what the reader cites is the web page).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from wagtail.models import Site

from icc_practices.public.structured_data import practice_cities, practice_index, practice_topics

if TYPE_CHECKING:
    from icc_practices.models import PracticePage

CITATION_FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    # BibTeX counts "\{" as a brace all the same: a lone one would end the field early.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(value: str) -> str:
    """A value as BibTeX text: LaTeX's special characters escaped, one line."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in " ".join(value.split()))


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    authors: tuple[str, ...]
    issued: date | None
    url: str
    collection: str
    publisher: str
    language: str
    abstract: str
    keywords: tuple[str, ...]

    @property
    def text(self) -> str:
        """A plain reference: author (year). Title. Collection, publisher. Address."""
        year = str(self.issued.year) if self.issued else gettext("n.d.")
        source = ", ".join(part for part in (self.collection, self.publisher) if part)
        parts = [f"{', '.join(self.authors)} ({year}).", f"{self.title.rstrip('.')}."]
        if source:
            parts.append(f"{source}.")
        parts.append(self.url)
        return " ".join(parts)

    def bibtex(self) -> str:
        fields = [
            ("title", "{" + bibtex_text(self.title) + "}"),
            ("author", " and ".join("{" + bibtex_text(a) + "}" for a in self.authors)),
            ("year", str(self.issued.year) if self.issued else ""),
            ("howpublished", bibtex_text(self.collection)),
            ("publisher", bibtex_text(self.publisher)),
            ("url", self.url.replace("{", "%7B").replace("}", "%7D")),
            ("language", self.language),
            ("abstract", bibtex_text(self.abstract)),
            ("keywords", bibtex_text(", ".join(self.keywords))),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def csl_json(self) -> list[dict]:
        item: dict = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "author": [{"literal": author} for author in self.authors],
            "URL": self.url,
            "container-title": self.collection,
            "publisher": self.publisher,
            "language": self.language,
            "abstract": self.abstract,
            "keyword": ", ".join(self.keywords),
        }
        if self.issued:
            item["issued"] = {
                "date-parts": [[self.issued.year, self.issued.month, self.issued.day]]
            }
        return [{key: value for key, value in item.items() if value}]


def practice_citation(page: PracticePage, request: HttpRequest | None) -> Citation:
    """The reference to a practice as served to this request (its site's address)."""
    site = Site.find_for_request(request) if request is not None else None
    publisher = (site.site_name if site else "") or ""
    cities = tuple(city.label for city in practice_cities(page))
    authors = (page.lead_organisation,) if page.lead_organisation else cities or (publisher,)
    published = page.first_published_at
    parent = practice_index(page)
    return Citation(
        key=_key(page),
        title=page.title,
        authors=tuple(author for author in authors if author) or (page.title,),
        issued=published.date() if published else None,
        url=page.get_full_url(request) or "",
        collection=parent.title if parent else "",
        publisher=publisher,
        language=page.locale.language_code,
        abstract=page.summary,
        keywords=tuple(str(topic.label) for topic in practice_topics(page)),
    )


def _key(page: PracticePage) -> str:
    """A citation key reference managers accept: letters, digits and dashes."""
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", page.slug).strip("-") or "practice"
    return f"{slug}-{page.pk}"


def citation_response(
    request: HttpRequest, page: PracticePage, citation_format: str
) -> HttpResponse:
    """The reference as a file (``citation_format`` is a key of ``CITATION_FORMATS``)."""
    citation = practice_citation(page, request)
    content_type, extension = CITATION_FORMATS[citation_format]
    if citation_format == "bibtex":
        content = citation.bibtex()
    else:
        content = json.dumps(citation.csl_json(), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{extension}"'
    response["X-Robots-Tag"] = "noindex"
    return response
