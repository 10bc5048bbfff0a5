"""Registers the package's admin screens; the screens themselves live elsewhere."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from icc_practices.modeladmin import PracticeAdmin
from icc_practices.viewsets import TaxonomyViewSetGroup

modeladmin_register(PracticeAdmin)


@hooks.register("register_admin_viewset")
def register_taxonomy_viewsets():
    return TaxonomyViewSetGroup()
