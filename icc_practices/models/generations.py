"""The tokens that key every cached value, kept in the database.

A per-process cache (LocMem, the default of a ``wagtail start`` site) cannot hear that
another process published, unpublished or restricted a practice. So the cache never
decides what a visitor may see: every cached value is keyed by these tokens, which are
replaced in the same transaction as the change and read from the database once per
request. Another process's next request reads the new token and computes afresh.
"""

from __future__ import annotations

from django.db import models


class CacheGeneration(models.Model):
    """One row per generation (``content``, ``structure``) with its current token.

    Tokens are random rather than counters: a transaction that is rolled back restores
    the old token, and values cached under the discarded one are never asked for again.
    """

    name = models.CharField(primary_key=True, max_length=32)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "cache generation"

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


class FacetIndexSnapshot(models.Model):
    """A built facet index (``icc_practices.search.index.FacetIndex``), pickled, under the
    cache key it was built for (release, facets, generation tokens, index page).

    The shared cache loses it on a deploy, a restart of a per-process cache or a failing
    Redis, and building it again scans the collection (about 100 ms at 10,000 practices,
    in every process of a site with per-process caches); reading it back is one query. Its
    key holds the generation tokens, which the database replaces with any change, so a
    snapshot is never read for a state it was not built in. Only the latest one per index
    page is kept.
    """

    key = models.CharField(primary_key=True, max_length=255)
    index_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=True
    )
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "facet index snapshot"

    def __str__(self) -> str:
        return f"{self.index_page_id}: {self.key}"
