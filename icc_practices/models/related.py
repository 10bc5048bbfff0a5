"""Editors' say over a practice's related practices: the ones to show first, and the
ones never to show (ranking: ``icc_practices.search.related``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class RelatedPracticeChoice(Orderable):
    """A practice an editor chose, on another practice's page. Any language's version
    may be chosen: the one in the page's language is shown."""

    practice = models.ForeignKey(
        "icc_practices.PracticePage",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return str(self.practice)


class PinnedRelatedPractice(RelatedPracticeChoice):
    page = ParentalKey(
        "icc_practices.PracticePage", on_delete=models.CASCADE, related_name="pinned_related"
    )

    class Meta(RelatedPracticeChoice.Meta):
        verbose_name = _("practice shown first")
        verbose_name_plural = _("practices shown first")


class ExcludedRelatedPractice(RelatedPracticeChoice):
    page = ParentalKey(
        "icc_practices.PracticePage", on_delete=models.CASCADE, related_name="excluded_related"
    )

    class Meta(RelatedPracticeChoice.Meta):
        verbose_name = _("practice never shown")
        verbose_name_plural = _("practices never shown")
