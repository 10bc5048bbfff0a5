"""Import practices from a file: create, update, or leave alone, row by row.

Each row is one practice in one language, identified by its external key and language.
A row is imported inside a savepoint: a row that fails leaves nothing behind, and the
report says why, with its row number. A dry run imports everything inside a transaction
that is rolled back, so its report is exactly what the import would do.

A row that would change nothing (compared field by field, as the export writes them)
is left alone: no revision. A changed row gives the page a new revision, published only
when the import is asked to publish; a new page is a draft unless it is.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from wagtail.models import Locale

from icc_practices.models import PracticeIndexPage, PracticeLink, PracticePage, PracticePageTag
from icc_practices.models.validators import validate_practice_year
from icc_practices.search.cache import CONTENT, STRUCTURE, invalidate
from icc_practices.transfer.bulk import check, create_practices
from icc_practices.transfer.columns import key_uuid, split_list
from icc_practices.transfer.export import practice_row
from icc_practices.transfer.formats import FileProblem, ParsedFile
from icc_practices.transfer.images import ImageSource
from icc_practices.transfer.matching import TaxonomyMatcher
from icc_practices.transfer.richtext import rich_text

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
BATCH = 500  # new practices inserted together
KEEP = object()  # a value the row names but the import cannot give: left as it is
STATUS_LABELS = {
    CREATED: gettext_lazy("created"),
    UPDATED: gettext_lazy("updated"),
    UNCHANGED: gettext_lazy("unchanged"),
    FAILED: gettext_lazy("failed"),
}
# Compared to tell whether a row changes a practice (the address and the first
# publication are the exporting site's).
COMPARED_OUT = ("url", "first_published_at")


class RowProblem(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class RowResult:
    row: int
    key: str
    language: str
    title: str
    status: str
    problems: list[str] = field(default_factory=list)
    page_id: int | None = None
    #: What was left out of a row that was imported all the same (a missing image).
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    results: list[RowResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def failed(self) -> list[RowResult]:
        return [result for result in self.results if result.status == FAILED]

    def summary(self) -> str:
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(failed)s failed."
        ) % {status: self.count(status) for status in (CREATED, UPDATED, UNCHANGED, FAILED)}


def find_index(index_id: int | None) -> PracticeIndexPage:
    """The index to import into: the one named, or the site's only one in the default
    language."""
    if index_id is not None:
        found = PracticeIndexPage.objects.filter(pk=index_id).first()
        if found is None:
            raise FileProblem([_("No practice index page has the id %(id)s.") % {"id": index_id}])
        return found
    indexes = list(PracticeIndexPage.objects.filter(locale=Locale.get_default())[:2])
    if len(indexes) != 1:
        raise FileProblem(
            [
                _("This site has no practice index page: create one first.")
                if not indexes
                else _("This site has several practice index pages: name one (its id).")
            ]
        )
    return indexes[0]


@dataclass
class Importer:
    index: PracticeIndexPage
    publish: bool = False
    images: ImageSource | None = None
    matcher: TaxonomyMatcher = field(default_factory=TaxonomyMatcher)
    locales: dict[str, Locale] = field(default_factory=dict)
    #: (translation key, locale id) -> page id of every practice (-1: new in this file)
    existing: dict[tuple[Any, int], int] = field(default_factory=dict)
    #: index id -> (index, [(result, new page, values)]) waiting for :meth:`flush`
    pending: dict[int, tuple[PracticeIndexPage, list]] = field(default_factory=dict)
    slugs: dict[int, set[str]] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    #: Who imports: the owner of new pages and the author of revisions, whose page
    #: permissions each row is checked against (``None``: a management command).
    user: Any = None

    def __post_init__(self) -> None:
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.default_language = self.index.locale.language_code
        self.paths: dict[int, str] = {}
        for pk, key, locale_id, path in PracticePage.objects.values_list(
            "pk", "translation_key", "locale_id", "path"
        ):
            self.existing[(key, locale_id)] = pk
            self.paths[pk] = path
        self.seen: dict[tuple[Any, int], int] = {}  # (key, locale) -> row number

    # Values --------------------------------------------------------------------------

    def values(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row's values as the page holds them, or ``RowProblem`` with every
        problem of the row."""
        problems: list[str] = []
        warnings: list[str] = []

        def text(name: str) -> str:
            value = row.get(name, "")
            value = value if isinstance(value, str) else "" if value is None else str(value)
            return value.replace("\x00", "").strip()  # PostgreSQL refuses NUL in text

        for name in row.get("_invalid", []):
            problems.append(_("%(column)s: not valid JSON.") % {"column": name})
        values: dict[str, Any] = {}
        for name in ("title", "summary", "period", "lead_organisation", "contact_name"):
            values[name] = text(name)
        for name in ("seo_title", "search_description"):
            values[name] = text(name)
        values["partners"] = text("partners")
        for name, limit in (("summary", 600), ("partners", 2000)):
            if len(values[name]) > limit:
                problems.append(
                    _("%(column)s: %(length)s characters; at most %(limit)s.")
                    % {"column": name, "length": len(values[name]), "limit": limit}
                )
        values["slug"] = text("slug") or slugify(values["title"])[:80]
        for name in ("title", "summary"):
            if not values[name]:
                problems.append(_("%(column)s is empty.") % {"column": name})
        year = text("year")
        values["year"] = None
        if year:
            if not (year.isascii() and year.isdigit() and len(year) <= 4):
                problems.append(_("year: %(value)r is not a year.") % {"value": year})
            else:
                try:
                    validate_practice_year(int(year))
                    values["year"] = int(year)
                except ValidationError as error:
                    problems.append(_("year: ") + " ".join(error.messages))
        email = text("contact_email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(
                    _("contact_email: %(value)r is not an e-mail address.") % {"value": email}
                )
        values["contact_email"] = email
        country = self.matcher.country(text("country")) if text("country") else None
        if country is None:
            problems.append(_("country: %(value)r is not a country.") % {"value": text("country")})
        values["country"] = country
        values["other_countries"] = self._each(
            row, "other_countries", self.matcher.country, problems
        )
        values["topics"] = self._each(row, "topics", self.matcher.topic, problems)
        if not values["topics"] and not any(p.startswith("topics") for p in problems):
            problems.append(_("topics: at least one topic is needed."))

        def city(entry: str):
            return self.matcher.city(entry, country)

        values["cities"] = self._each(row, "cities", city, problems)
        values["partner_cities"] = self._each(row, "partner_cities", city, problems)
        values["keywords"] = [
            str(word).replace("\x00", "").strip()[:100] for word in _list(row.get("keywords"))
        ]
        for name in ("purpose", "rationale", "process", "impact"):
            values[name] = rich_text(text(name))
        values["links"] = self._links(row.get("links"), problems)
        values["body"] = _stream(row.get("body"), problems, warnings)
        image_name = text("hero_image")
        values["hero_image"] = KEEP if image_name else None
        if image_name:
            try:
                if self.images is None:
                    raise ValueError(_("no images were given with the file"))
                found = self.images.image(image_name)
                if found is not None or not self.images.store:
                    values["hero_image"] = found if found is not None else KEEP
            except ValueError as error:
                warnings.append(
                    _("hero_image: %(name)s: %(error)s; the main image is left as it was.")
                    % {"name": image_name, "error": error}
                )
            except Exception:  # a damaged or encrypted archive member
                warnings.append(
                    _("hero_image: %(name)s cannot be read; the main image is left as it was.")
                    % {"name": image_name}
                )
        published = text("first_published_at")
        try:
            values["first_published_at"] = parse_datetime(published) if published else None
        except ValueError:  # well formed, but no such date (2020-02-30)
            values["first_published_at"] = None
        if published and values["first_published_at"] is None:
            problems.append(
                _("first_published_at: %(value)r is not a date and time.") % {"value": published}
            )
        if problems:
            raise RowProblem(problems)
        values["_warnings"] = warnings
        return values

    def _each(self, row, name: str, lookup: Callable[[str], Any], problems: list[str]) -> list:
        found, unknown = [], []
        for entry in _list(row.get(name)):
            match = lookup(str(entry))
            if match is None:
                unknown.append(str(entry))
            elif match not in found:
                found.append(match)
        if unknown:
            problems.append(
                _("%(column)s: unknown %(values)s.")
                % {"column": name, "values": ", ".join(unknown)}
            )
        return found

    def _links(self, value: Any, problems: list[str]) -> list[dict[str, str]]:
        links: list[dict[str, str]] = []
        validate = URLValidator(schemes=["http", "https", "mailto"])
        if not isinstance(value, list):
            if value:
                problems.append(_("links: each link needs a text and an address."))
            return links
        for link in value:
            if not isinstance(link, dict):
                problems.append(_("links: each link needs a text and an address."))
                continue
            title, url = str(link.get("title") or "").strip(), str(link.get("url") or "").strip()
            try:
                validate(url)
                if len(url) > 500:
                    raise ValidationError("too long")
            except ValidationError:
                problems.append(_("links: %(url)r is not a web address.") % {"url": url})
                continue
            links.append({"title": (title or url)[:255], "url": url})
        return links

    # Pages ---------------------------------------------------------------------------

    def _tag(self, name: str) -> Tag:
        """The keyword's tag, read or made once per import (assigning names would look
        each one up again for every practice)."""
        tag = self.tags.get(name)
        if tag is None:
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            self.tags[name] = tag
        return tag

    def apply(self, page: PracticePage, values: dict[str, Any]) -> None:
        """The values onto a page (in memory: a revision is saved from it)."""
        for name in (
            *("title", "slug", "summary", "year", "period", "country", "partners"),
            *("purpose", "rationale", "process", "impact", "lead_organisation"),
            *("contact_name", "contact_email", "seo_title", "search_description"),
        ):
            setattr(page, name, values[name])
        if values["hero_image"] is not KEEP:
            page.hero_image = values["hero_image"]
        page.other_countries = values["other_countries"]
        page.cities = values["cities"]
        page.partner_cities = values["partner_cities"]
        page.topics = values["topics"]
        # The through rows themselves, as the tag manager would make them (it looked the
        # tags up again for every practice).
        page.tagged_items = [PracticePageTag(tag=self._tag(name)) for name in values["keywords"]]
        page.links = [
            PracticeLink(title=link["title"], url=link["url"]) for link in values["links"]
        ]
        page.body = values["body"]

    def import_row(self, number: int, row: dict[str, Any]) -> RowResult:
        """Import one row: an update at once, a new practice into the pending batch of its
        index (inserted by :meth:`flush`)."""
        key = str(row.get("key") or "").strip()
        language = str(row.get("language") or "").strip().lower() or self.default_language
        result = RowResult(number, key, language, str(row.get("title") or "")[:255], FAILED)
        try:
            if not key:
                raise RowProblem([_("key is empty: every row needs an external key.")])
            locale = self.locales.get(language)
            if locale is None:
                raise RowProblem(
                    [_("language: %(code)r is not a language of this site.") % {"code": language}]
                )
            parent = self._parent(locale)
            translation_key = key_uuid(key)
            identity = (translation_key, locale.pk)
            if identity in self.seen:
                raise RowProblem(
                    [
                        _("key: the same practice and language as row %(row)s.")
                        % {"row": self.seen[identity]}
                    ]
                )
            self.seen[identity] = number
            existing = self.existing.get(identity)
            self._check_permissions(parent, existing)
            with self._rolled_back_on_error(parent):
                values = self.values(row)
                result.warnings = values["_warnings"]
                if existing is not None:
                    result.status, result.page_id = self._update(existing, values)
                else:
                    page = self._new_page(parent, locale, translation_key, values)
                    result.status = CREATED
                    self.pending.setdefault(parent.pk, (parent, []))[1].append(
                        (result, page, values)
                    )
                    self.existing[(translation_key, locale.pk)] = -1  # twice: refused
            if len(self.pending.get(parent.pk, (None, []))[1]) >= BATCH:
                self.flush(parent.pk)
        except RowProblem as problem:
            result.problems = problem.problems
        except ValidationError as error:
            result.problems = _messages(error)
        except DatabaseError as error:  # a limit of the database the checks missed
            result.problems = [_("The database refused the row: %(error)s") % {"error": error}]
        return result

    def _check_permissions(self, parent: PracticeIndexPage, existing: int | None) -> None:
        """A row changes only practices under the import's index (and its translations),
        and only what the importing user may change there."""
        known = existing is not None and existing > 0
        if known and not self.paths[existing].startswith(parent.path):  # type: ignore[index]
            raise RowProblem([_("key: this key belongs to a practice under another index.")])
        if self.user is None:
            return
        page = PracticePage.objects.get(pk=existing) if known else None
        target = page or parent
        permissions = target.permissions_for_user(self.user)
        allowed = permissions.can_edit() if page is not None else permissions.can_add_subpage()
        if self.publish:
            allowed = allowed and (
                permissions.can_publish() if page is not None else permissions.can_publish_subpage()
            )
        if not allowed:
            raise RowProblem([_("You may not add, change or publish practices here.")])

    @contextlib.contextmanager
    def _rolled_back_on_error(self, parent: PracticeIndexPage) -> Iterator[None]:
        """A savepoint: on an error, forget what it made, and re-read the parent's count
        of children, which the tree keeps in memory too."""
        created = self.matcher.mark()
        try:
            with transaction.atomic():
                yield
        except Exception:
            self.matcher.forget_since(created)
            self.tags.clear()  # a tag made in the savepoint went with it
            if self.images is not None:
                self.images.forget()
            parent.refresh_from_db(fields=["numchild"])
            raise

    def _new_page(
        self, parent: PracticeIndexPage, locale: Locale, translation_key, values: dict[str, Any]
    ) -> PracticePage:
        page = PracticePage(translation_key=translation_key, locale=locale)
        self.apply(page, values)
        self._unique_slug(parent, page)
        check(page)
        return page

    def flush(self, parent_pk: int | None = None) -> None:
        """Insert the pending new practices (of one index, or all) in one batch; if the
        batch fails, one by one, so that only the rows at fault fail."""
        for key in [parent_pk] if parent_pk is not None else list(self.pending):
            parent, batch = self.pending.pop(key, (None, []))
            if not batch or parent is None:
                continue
            try:
                with transaction.atomic():
                    create_practices(
                        parent,
                        [page for _result, page, _values in batch],
                        publish=self.publish,
                        first_published=[values["first_published_at"] for *_, values in batch],
                        user=self.user,
                    )
            except Exception:
                parent.refresh_from_db(fields=["numchild"])
                self._create_one_by_one(parent, batch)
                continue
            for result, page, _values in batch:
                result.page_id = page.pk

    def _create_one_by_one(self, parent: PracticeIndexPage, batch: list) -> None:
        for result, page, values in batch:
            try:
                with self._rolled_back_on_error(parent):
                    fresh = PracticePage(translation_key=page.translation_key, locale=page.locale)
                    self.apply(fresh, values)
                    fresh.slug, fresh.owner = page.slug, self.user
                    parent.add_child(instance=fresh)  # validates the page (Page.save cleans it)
                    revision = fresh.save_revision(user=self.user)
                    if self.publish:
                        revision.publish(user=self.user)
                        self._keep_first_published(fresh, values)
                    result.page_id = fresh.pk
            except ValidationError as error:
                result.status, result.problems = FAILED, _messages(error)
            except Exception as error:  # a constraint the checks did not foresee
                result.status, result.problems = FAILED, [str(error)]

    def _parent(self, locale: Locale) -> PracticeIndexPage:
        if locale.pk == self.index.locale_id:
            return self.index
        parent = self.index.get_translation_or_none(locale)
        if parent is None:
            raise RowProblem(
                [
                    _(
                        "language: the practice index has no %(code)s translation: "
                        "translate it first."
                    )
                    % {"code": locale.language_code}
                ]
            )
        return parent

    def _update(self, existing_pk: int, values: dict[str, Any]) -> tuple[str, int]:
        """A new revision when the row changes the practice (published when asked)."""
        if existing_pk < 0:
            raise RowProblem([_("key: this key and language are in the file twice.")])
        existing = PracticePage.objects.get(pk=existing_pk)
        stored_slug = existing.slug  # the page itself is the object when it has no revision
        page = existing.get_latest_revision_as_object()
        before = _compared(page)
        self.apply(page, values)
        if _compared(page) == before:
            if self.publish and (not existing.live or existing.has_unpublished_changes):
                existing.get_latest_revision().publish(user=self.user)
                return UPDATED, existing.pk
            return UNCHANGED, existing.pk
        if page.slug != stored_slug:
            siblings = self._sibling_slugs(existing.get_parent().specific)
            if page.slug in siblings:
                raise RowProblem([_("slug: %(slug)s is taken.") % {"slug": page.slug}])
            siblings.add(page.slug)
        page.full_clean()
        revision = page.save_revision(user=self.user)
        if self.publish:
            revision.publish(user=self.user)
        return UPDATED, existing.pk

    def _sibling_slugs(self, parent) -> set[str]:
        """The slugs of a page's children, read once, kept as the import takes more."""
        siblings = self.slugs.get(parent.pk)
        if siblings is None:
            siblings = self.slugs[parent.pk] = set(
                parent.get_children().values_list("slug", flat=True)
            )
        return siblings

    def _unique_slug(self, parent: PracticeIndexPage, page: PracticePage) -> None:
        """A new practice whose slug a sibling has gets a numbered one (the siblings'
        slugs are read once per index)."""
        siblings = self._sibling_slugs(parent)
        base, suffix = page.slug, 2
        while page.slug in siblings:
            page.slug, suffix = f"{base}-{suffix}", suffix + 1
        siblings.add(page.slug)

    def _keep_first_published(self, page: PracticePage, values: dict[str, Any]) -> None:
        when = values["first_published_at"]
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=datetime.UTC)
            PracticePage.objects.filter(pk=page.pk).update(first_published_at=when)


def _stream(value: Any, problems: list[str], warnings: list[str]) -> list:
    """The further material, checked block by block as the editor's form checks it.
    Blocks that do not validate here (an image or document of the exporting site) are
    left out with a warning; blocks of unknown types or shapes fail the row."""
    if value in (None, "", []):
        return []
    if not isinstance(value, list) or not all(
        isinstance(block, dict) and isinstance(block.get("type"), str) for block in value
    ):
        problems.append(_("body: further material must be a list of blocks."))
        return []
    stream_block = PracticePage._meta.get_field("body").stream_block
    unknown = sorted({block["type"] for block in value} - set(stream_block.child_blocks))
    if unknown:
        problems.append(_("body: unknown blocks: %(types)s.") % {"types": ", ".join(unknown)})
        return []
    kept, left_out = [], []
    for block in value:
        try:
            stream = stream_block.clean(stream_block.to_python([block]))
            stream_block.render(stream)  # a value of the wrong kind fails here, not on the page
        except ValidationError:
            left_out.append(block["type"])
            continue
        except Exception:
            problems.append(_("body: blocks this page does not have, or values of the wrong kind."))
            return []
        kept.append(block)
    if left_out:
        warnings.append(
            _(
                "body: %(count)s blocks left out (images or documents this site does not "
                "have): %(types)s."
            )
            % {"count": len(left_out), "types": ", ".join(left_out)}
        )
    return kept


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        " ".join(messages) if name == "__all__" else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    ]


def _list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # a JSON string where a list was expected
        return split_list(value)
    if isinstance(value, list):
        return [item for item in value if str(item).strip()]
    return [value]


def _compared(page: PracticePage) -> dict[str, Any]:
    row = practice_row(page, with_url=False)
    for name in COMPARED_OUT:
        row.pop(name, None)
    return row


def run_import(
    parsed: ParsedFile,
    index: PracticeIndexPage,
    *,
    dry_run: bool = False,
    publish: bool = False,
    create_cities: bool = False,
    images: ImageSource | None = None,
    progress: Callable[[int, int], None] | None = None,
    user: Any = None,
) -> ImportReport:
    """Import the parsed rows into ``index``; the report of every row."""
    report = ImportReport(notes=list(parsed.notes), dry_run=dry_run)
    if dry_run and images is not None:
        images.store = False  # files would outlive the rolled-back rows
    default = index.locale.language_code
    # Rows in the index's language first: translations find their source page.
    ordered = sorted(
        parsed.rows,
        key=lambda item: (
            str(item[1].get("language") or default).strip().lower() != default,
            item[0],
        ),
    )
    with transaction.atomic():
        matcher = TaxonomyMatcher(create_cities=create_cities)
        matcher.use_table(parsed.taxonomy.get("cities", []))
        importer = Importer(index, publish=publish, images=images, matcher=matcher, user=user)
        for done, (number, row) in enumerate(ordered, start=1):
            report.results.append(importer.import_row(number, row))
            if progress is not None:
                progress(done, len(ordered))
        importer.flush()
        if dry_run:
            transaction.set_rollback(True)
    report.results.sort(key=lambda result: result.row)
    if not dry_run and any(r.status in (CREATED, UPDATED) for r in report.results):
        invalidate(CONTENT, STRUCTURE)
    return report
