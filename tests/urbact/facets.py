from django.utils.translation import gettext_lazy as _

from icc_practices.search.facets import ChoiceFacet, CountryFacet


class CitySizeFacet(ChoiceFacet):
    name = "size"
    label = _("City size")
    verbose_name = _("city size")
    description = "City sizes: small, medium or large; several combine with OR."
    field = "urbactpracticepage__city_size"
    order = 25  # after the country


class CityCountryFacet(CountryFacet):
    """The countries of a practice's cities (several per practice): not registered by
    default; tests add it with ICC_PRACTICES_FACETS."""

    name = "citycountry"
    label = _("Country of a city")
    verbose_name = _("country of a city")
    field = "cities__country__code"
    many = True
    whole_vocabulary = False
    order = 100

    def choices(self, taxonomy):
        return [(code, code.upper()) for code in taxonomy.country_codes]
