"""Settings are read lazily, so overrides apply without re-importing anything."""

import datetime

from django.test import override_settings

from icc_practices.conf import settings


def test_defaults():
    assert settings.RESULTS_PER_PAGE == 12
    assert settings.MAX_RESULTS_PER_PAGE == 100
    assert settings.MIN_YEAR == 1990
    next_year = datetime.date.today().year + 1
    assert settings.MAX_YEAR == next_year


def test_overrides_apply_immediately():
    with override_settings(ICC_PRACTICES_RESULTS_PER_PAGE=30, ICC_PRACTICES_MAX_YEAR=2030):
        assert settings.RESULTS_PER_PAGE == 30
        assert settings.MAX_YEAR == 2030
    assert settings.RESULTS_PER_PAGE == 12
