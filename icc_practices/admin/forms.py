"""The editor form for practice pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
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
        other_countries = self.fields.get("other_countries")
        if other_countries is not None:
            other_countries.queryset = by_country_name(other_countries.queryset)
            other_countries.widget = forms.SelectMultiple(choices=other_countries.choices)
        pickers: dict[str, Callable[..., CityPicker]] = {
            "cities": CityPicker,
            "partner_cities": functools.partial(
                CityPicker,
                country_field="",
                none_label=_("No partner city."),
                search_label=_("Find a partner city"),
            ),
        }
        for name, picker in pickers.items():
            cities = self.fields.get(name)
            if cities is not None:
                cities.queryset = cities.queryset.select_related("country").order_by("name")
                cities.widget = picker(choices=cities.choices)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        self.instance.cities_checked_by_form = True
        country, cities = cleaned_data.get("country"), cleaned_data.get("cities")
        if country is not None and cities:
            others = cleaned_data.get("other_countries") or ()
            error = cities_outside_country(country, cities, others)
            if error is not None:
                self.add_error("cities", error)
        return cleaned_data
