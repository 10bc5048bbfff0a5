"""Which practices visitors may see.

Every public channel starts from :func:`visible_practices`, so the privacy rule lives in
one place: live pages only, never at or below a page with a view restriction (password,
login or group). The restricted paths are cached and the cache is invalidated whenever a
restriction is saved or deleted, or a page moves.
"""

from __future__ import annotations

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from icc_practices.models import PracticePage
from icc_practices.search.cache import STRUCTURE, cached_in_process


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of every page that carries a view restriction."""
    return cached_in_process(
        "restricted-paths",
        (),
        lambda: tuple(
            sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        ),
        generations=(STRUCTURE,),
    )


def visible_practices() -> PageQuerySet:
    """Live practices outside every restricted section."""
    practices = PracticePage.objects.live()
    for path in restricted_paths():
        practices = practices.exclude(path__startswith=path)
    return practices
