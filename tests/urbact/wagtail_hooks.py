from wagtail import hooks

from tests.urbact.facets import CitySizeFacet


@hooks.register("register_icc_practices_facet")
def city_size_facet():
    return CitySizeFacet
