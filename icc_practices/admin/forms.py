"""The editor form for practice pages."""

from __future__ import annotations

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from icc_practices.admin.taxonomy import by_country_name
from icc_practices.admin.widgets import CityPicker
from icc_practices.models.pages import cities_outside_country


class PracticePageForm(WagtailAdminPageForm):
    """Country as a list in the order of its localised names, cities as a picker grouped by
    country, and the cities rule checked with every other field, on the first save too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields.get("country")
        if country is not None:
            country.queryset = by_country_name(country.queryset)
            country.widget = forms.Select(choices=country.choices)
        cities = self.fields.get("cities")
        if cities is not None:
            cities.queryset = cities.queryset.select_related("country").order_by("name")
            cities.widget = CityPicker(choices=cities.choices)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        self.instance.cities_checked_by_form = True
        country, cities = cleaned_data.get("country"), cleaned_data.get("cities")
        if country is not None and cities:
            error = cities_outside_country(country, cities)
            if error is not None:
                self.add_error("cities", error)
        return cleaned_data
