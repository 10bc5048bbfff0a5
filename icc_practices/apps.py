from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IccPracticesConfig(AppConfig):
    name = "icc_practices"
    label = "icc_practices"
    verbose_name = _("good practices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps

        from icc_practices import checks, signal_handlers  # noqa: F401

        if apps.is_installed("wagtail.api.v3"):
            # Hosts mount Wagtail's v3 API once; our endpoints join it under practices/.
            from icc_practices.api.v3 import register

            register()
