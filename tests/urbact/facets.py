from django.utils.translation import gettext_lazy as _

from icc_practices.search.facets import ChoiceFacet


class CitySizeFacet(ChoiceFacet):
    name = "size"
    label = _("City size")
    description = "City sizes: small, medium or large; several combine with OR."
    field = "urbactpracticepage__city_size"
    order = 25  # after the country
