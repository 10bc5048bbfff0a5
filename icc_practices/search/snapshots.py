"""The facet index kept in the database as well as in the cache.

A deploy, the restart of a per-process cache or a failing Redis loses the facet index,
and building it again scans the collection: about 100 ms at 10,000 practices, in each
server process of a site with per-process caches. A snapshot
(:class:`~icc_practices.models.FacetIndexSnapshot`) is stored under the same key as the
cache entry, generation tokens included, so one query reads it back and it is never read
for a state of the collection other than the one it was built in. Whoever builds an index
(a visitor's request or the warm-up task after a publication) stores it, after its
transaction commits; only the newest few per index page are kept.

The snapshot is an optimisation like the cache: a database error while reading or
writing it is reported once per interval and the index is built instead.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

from django.db import DatabaseError, connections, router, transaction

from icc_practices.degraded import report_failure
from icc_practices.models import FacetIndexSnapshot
from icc_practices.search.index import FacetIndex

KEPT_PER_INDEX = 3  # a publication racing a build may store an older one after a newer


def read_or_build(key: str, index_page_id: int, build: Callable[[], FacetIndex]) -> FacetIndex:
    """The snapshot stored under ``key``, or ``build()`` stored under it."""
    found = _read(key)
    if found is not None:
        return found
    value = build()
    # Stored once the caller's transaction has committed, in a short one of its own: a
    # visitor's request (ATOMIC_REQUESTS) must not hold row locks that the next request's
    # build would wait for, nor fail at its commit because the index page was deleted
    # meanwhile (the foreign key is checked then).
    alias = router.db_for_write(FacetIndexSnapshot)
    database = connections[alias]
    # With AUTOCOMMIT off Django runs no commit hooks (and a write now would hold its
    # locks, and its foreign key check, until the caller commits): not stored there.
    if database.get_autocommit() or (database.in_atomic_block and database.commit_on_exit):
        transaction.on_commit(lambda: _write(key, index_page_id, value), using=alias, robust=True)
    return value


def _read(key: str) -> FacetIndex | None:
    # Inside a transaction (ATOMIC_REQUESTS, or a database with AUTOCOMMIT off), a
    # savepoint keeps a failed read from breaking it; in autocommit a failed statement
    # breaks nothing, and a read needs no transaction of its own.
    alias = router.db_for_read(FacetIndexSnapshot)
    database = connections[alias]
    in_transaction = database.in_atomic_block or not database.get_autocommit()
    guard = transaction.atomic(using=alias) if in_transaction else nullcontext()
    try:
        with guard:
            data = FacetIndexSnapshot.objects.filter(key=key).values_list("data", flat=True).first()
    except DatabaseError as error:
        report_failure("facet index snapshots", error)
        return None
    if data is None:
        return None
    try:
        return FacetIndex.from_bytes(bytes(data))
    except Exception as error:  # a damaged row is rebuilt, never an error page
        report_failure("facet index snapshots", error)
        return None


def _write(key: str, index_page_id: int, value: FacetIndex) -> None:
    data = value.to_bytes()
    try:
        # A savepoint: a failed write leaves the request usable.
        with transaction.atomic(using=router.db_for_write(FacetIndexSnapshot)):
            # Two processes building the same index store the same snapshot: the second
            # insert is ignored.
            FacetIndexSnapshot.objects.bulk_create(
                [FacetIndexSnapshot(key=key, index_page_id=index_page_id, data=data)],
                ignore_conflicts=True,
            )
            theirs = FacetIndexSnapshot.objects.filter(index_page_id=index_page_id)
            newest = theirs.order_by("-created_at", "-key").values("key")[:KEPT_PER_INDEX]
            theirs.exclude(key__in=newest).delete()
    except DatabaseError as error:
        report_failure("facet index snapshots", error)
