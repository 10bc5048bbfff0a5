"""System checks catch misconfiguration at start-up."""

from django.test import override_settings

from icc_practices.checks import (
    check_base_template,
    check_results_per_page,
    check_shared_cache,
    check_task_worker,
    check_year_range,
)


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_default_configuration_passes():
    assert check_base_template() + check_results_per_page() + check_year_range() == []


@override_settings(ICC_PRACTICES_BASE_TEMPLATE="does/not/exist.html")
def test_missing_base_template_is_reported():
    assert ids(check_base_template()) == ["icc_practices.E001"]


@override_settings(ICC_PRACTICES_MAX_RESULTS_PER_PAGE=0)
def test_non_positive_maximum_is_reported():
    assert ids(check_results_per_page()) == ["icc_practices.E002"]


@override_settings(ICC_PRACTICES_RESULTS_PER_PAGE=50, ICC_PRACTICES_MAX_RESULTS_PER_PAGE=20)
def test_default_above_maximum_is_reported():
    assert ids(check_results_per_page()) == ["icc_practices.E003"]


@override_settings(ICC_PRACTICES_MIN_YEAR=2030, ICC_PRACTICES_MAX_YEAR=2020)
def test_inverted_year_range_is_reported():
    assert ids(check_year_range()) == ["icc_practices.E004"]


def test_per_process_cache_in_production_is_reported():
    assert ids(check_shared_cache()) == ["icc_practices.W001"]  # tests use LocMemCache


@override_settings(DEBUG=True)
def test_per_process_cache_is_fine_in_development():
    assert check_shared_cache() == []


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:6379"}}
)  # fmt: skip
def test_shared_cache_passes():
    assert check_shared_cache() == []


def test_tasks_run_in_visitors_requests_without_a_worker_is_reported():
    assert ids(check_task_worker()) == ["icc_practices.W003"]  # ImmediateBackend by default


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_task_worker_passes():
    assert check_task_worker() == []
