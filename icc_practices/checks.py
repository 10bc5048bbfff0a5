"""System checks that catch configuration mistakes at start-up, not at first request."""

from __future__ import annotations

from django.core.checks import Error, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from icc_practices.conf import settings


@register()
def check_base_template(app_configs=None, **kwargs) -> list[Error]:
    try:
        get_template(settings.BASE_TEMPLATE)
    except TemplateDoesNotExist:
        return [
            Error(
                f"ICC_PRACTICES_BASE_TEMPLATE is {settings.BASE_TEMPLATE!r}, "
                "but no such template exists.",
                hint="Create it, or point the setting at your site's base template "
                "(it must define a 'content' block).",
                id="icc_practices.E001",
            )
        ]
    return []


@register()
def check_results_per_page(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    default, maximum = settings.RESULTS_PER_PAGE, settings.MAX_RESULTS_PER_PAGE
    if not (isinstance(maximum, int) and maximum >= 1):
        errors.append(
            Error(
                "ICC_PRACTICES_MAX_RESULTS_PER_PAGE must be a positive integer.",
                id="icc_practices.E002",
            )
        )
    elif not (isinstance(default, int) and 1 <= default <= maximum):
        errors.append(
            Error(
                "ICC_PRACTICES_RESULTS_PER_PAGE must be an integer between 1 and "
                "ICC_PRACTICES_MAX_RESULTS_PER_PAGE.",
                id="icc_practices.E003",
            )
        )
    return errors


@register()
def check_year_range(app_configs=None, **kwargs) -> list[Error]:
    if settings.MIN_YEAR > settings.MAX_YEAR:
        return [
            Error(
                "ICC_PRACTICES_MIN_YEAR is later than ICC_PRACTICES_MAX_YEAR.",
                id="icc_practices.E004",
            )
        ]
    return []
