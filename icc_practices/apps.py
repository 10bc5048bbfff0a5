from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IccPracticesConfig(AppConfig):
    name = "icc_practices"
    label = "icc_practices"
    verbose_name = _("good practices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps
        from django.conf import settings

        from icc_practices import checks, signal_handlers  # noqa: F401
        from icc_practices.admin.forms import PracticePageForm
        from icc_practices.models import PracticePage

        # The editor's form, given from the admin layer as Wagtail's admin gives Page its
        # own: a subclass that names another base_form_class keeps it.
        if "base_form_class" not in PracticePage.__dict__:
            PracticePage.base_form_class = PracticePageForm

        if apps.is_installed("wagtail_localize") and not hasattr(
            settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE"
        ):
            # wagtail-localize's default publishes a new translation of a live page at
            # once, in the source language. A translation starts as a draft unless the
            # host decided otherwise (check W006 then warns): docs/decisions.md.
            settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

        if apps.is_installed("wagtail.api.v3"):
            # Hosts mount Wagtail's v3 API once; our endpoints join it under practices/.
            from icc_practices.api.v3 import register

            register()
