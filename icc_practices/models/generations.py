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
