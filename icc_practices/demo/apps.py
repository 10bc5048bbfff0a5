from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Sample practices for trying the package: opt in with ``"icc_practices.demo"`` in
    ``INSTALLED_APPS``, which adds the ``load_demo_practices`` command. A production site
    leaves it out; nothing in the package imports it."""

    name = "icc_practices.demo"
    label = "icc_practices_demo"
    verbose_name = _("ICC practices: demo content")
