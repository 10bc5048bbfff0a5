"""Validators that read their bounds from settings at call time (so migrations stay
stable and ``override_settings`` works)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from icc_practices.conf import settings


def validate_practice_year(value: int) -> None:
    minimum, maximum = settings.MIN_YEAR, settings.MAX_YEAR
    if not minimum <= value <= maximum:
        raise ValidationError(
            _("Enter a year between %(minimum)s and %(maximum)s."),
            code="year_out_of_range",
            params={"minimum": minimum, "maximum": maximum},
        )


def validate_results_per_page(value: int) -> None:
    maximum = settings.MAX_RESULTS_PER_PAGE
    if not 1 <= value <= maximum:
        raise ValidationError(
            _("Enter a number between 1 and %(maximum)s."),
            code="results_per_page_out_of_range",
            params={"maximum": maximum},
        )


def default_results_per_page() -> int:
    return settings.RESULTS_PER_PAGE
