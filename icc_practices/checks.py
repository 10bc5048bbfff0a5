"""System checks that catch configuration mistakes at start-up, not at first request."""

from __future__ import annotations

import functools

from django.conf import settings as django_settings
from django.core.checks import CheckMessage, Error, Info, Tags, Warning, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from icc_practices.conf import settings
from icc_practices.pdf.availability import pdf_renderer_problem


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


@register()
def check_shared_cache(app_configs=None, **kwargs) -> list[Warning]:
    from icc_practices.search.cache import is_per_process_cache

    if django_settings.DEBUG or not is_per_process_cache():
        return []
    return [
        Warning(
            f"The cache {settings.CACHE_ALIAS!r} lives inside each process: every server "
            "process computes and keeps its own counts and results, and the proposal rate "
            "limit is counted per process (N processes let N times the limit through). "
            "What visitors may see is still decided by the database on every request.",
            hint="Configure a shared cache (Redis or Memcached) in CACHES, or point "
            "ICC_PRACTICES_CACHE_ALIAS at one.",
            id="icc_practices.W001",
        )
    ]


@register()
def check_task_worker(app_configs=None, **kwargs) -> list[Warning]:
    from icc_practices.pdf.tasks import tasks_run_in_worker

    if django_settings.DEBUG or tasks_run_in_worker():
        return []
    return [
        Warning(
            f"Tasks of the backend {settings.TASK_BACKEND!r} run inside the request that "
            "queues them: practice PDFs are rendered in visitors' requests (a few per "
            "process at once, others answered 503) and e-mails are sent while the visitor "
            "waits (up to ICC_PRACTICES_MAIL_TIMEOUT seconds).",
            hint="Configure a django-tasks backend with a worker in TASKS, for example "
            "django-tasks-db and `manage.py db_worker` (docs/deploying.md).",
            id="icc_practices.W003",
        )
    ]


@functools.cache
@register()
def check_pdf_renderer(app_configs=None, **kwargs) -> list[Warning]:
    problem = pdf_renderer_problem()
    if problem is None:
        return []
    return [
        Warning(
            f"Practice PDFs are unavailable: WeasyPrint cannot load ({problem}).",
            hint="Install Pango from your system's packages (Debian and Ubuntu: "
            "libpango-1.0-0 libpangoft2-1.0-0); see WeasyPrint's installation guide.",
            id="icc_practices.W002",
        )
    ]


@register()
def check_api_docs_offline(app_configs=None, **kwargs) -> list[Warning]:
    """django-ninja renders the v3 API's docs page from a public CDN unless ``ninja`` is
    an installed app (then it serves Swagger UI from static files)."""
    return api_docs_problems(django_settings.INSTALLED_APPS)


def api_docs_problems(installed: list[str]) -> list[Warning]:
    if "wagtail.api.v3" not in installed or "ninja" in installed:
        return []
    return [
        Warning(
            "The API documentation page loads Swagger UI from a public CDN: it is blank "
            "without internet access, and tells that CDN every visitor's address.",
            hint="Add 'ninja' to INSTALLED_APPS; django-ninja then serves Swagger UI "
            "from your static files.",
            id="icc_practices.W004",
        )
    ]


@register()
def check_base_template_blocks(app_configs=None, **kwargs) -> list[CheckMessage]:
    """The package's pages fill the host's ``content`` block, and put their head tags in
    ``extra_css`` when it exists (``icc_practices.public.host_template``)."""
    from icc_practices.public.host_template import CONTENT_BLOCK, HEAD_BLOCK, template_blocks

    name = settings.BASE_TEMPLATE
    blocks = template_blocks(name)
    if blocks is None:
        return []  # E001 and the template engine report a missing template
    if CONTENT_BLOCK not in blocks:
        return [
            Error(
                f"The base template {name!r} has no {CONTENT_BLOCK!r} block: practice pages "
                "would show nothing of their own.",
                hint="Add {% block content %}{% endblock %} where pages show their content, "
                "or point ICC_PRACTICES_BASE_TEMPLATE at a template that has it.",
                id="icc_practices.E005",
            )
        ]
    if HEAD_BLOCK not in blocks:
        return [
            Info(
                f"The base template {name!r} has no {HEAD_BLOCK!r} block in its <head>: the "
                "package's stylesheets open the content block instead, and its canonical "
                "and hreflang links are sent as HTTP Link headers.",
                hint="Add {% block extra_css %}{% endblock %} inside <head> to have them there.",
                id="icc_practices.I001",
            )
        ]
    return []


@register()
def check_share_networks(app_configs=None, **kwargs) -> list[Warning]:
    from icc_practices.public.sharing import BUILT_IN_NETWORKS, unknown_networks

    unknown = unknown_networks()
    if not unknown:
        return []
    return [
        Warning(
            f"ICC_PRACTICES_SHARE_NETWORKS names no network in {unknown!r}; they are left out.",
            hint=f"Use {', '.join(BUILT_IN_NETWORKS)}, or a (label, address) pair whose "
            "address holds {url} and {title}.",
            id="icc_practices.W005",
        )
    ]


@register()
def check_translations_start_as_drafts(app_configs=None, **kwargs) -> list[Warning]:
    from django.apps import apps

    if not apps.is_installed("wagtail_localize"):
        return []
    if getattr(django_settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", False):
        return [
            Warning(
                "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is True: wagtail-localize "
                "publishes a new translation of a live practice at once, still in the "
                "source language, before a translator has seen it.",
                hint="Remove the setting (icc-practices then sets it to False) or set it "
                "to False: translations start as drafts and go live when a translator "
                "publishes them.",
                id="icc_practices.W006",
            )
        ]
    return []


@register(Tags.urls)
def check_one_click_unsubscribe(app_configs=None, **kwargs) -> list[Warning]:
    """Alert e-mails promise one-click unsubscribe (RFC 8058) only when its URL exists."""
    from django.urls import NoReverseMatch, reverse

    if not settings.ALERTS:
        return []
    try:
        reverse("icc_practices_alert_unsubscribe", args=["x"])
    except NoReverseMatch:
        return [
            Warning(
                "Alert e-mails cannot offer one-click unsubscribe: icc_practices.urls is "
                "not in your URL configuration. Mail providers (Gmail, Yahoo) expect it of "
                "bulk senders; the e-mails link to the page to unsubscribe instead.",
                hint='Add path("", include("icc_practices.urls")) to your urls.py, outside '
                "i18n_patterns, or turn alerts off (ICC_PRACTICES_ALERTS = False).",
                id="icc_practices.W007",
            )
        ]
    return []
