from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IccPracticesConfig(AppConfig):
    name = "icc_practices"
    label = "icc_practices"
    verbose_name = _("good practices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from icc_practices import checks, signal_handlers  # noqa: F401
