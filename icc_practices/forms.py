"""The editor form for practice pages."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm


class PracticePageForm(WagtailAdminPageForm):
    """Group the city choices by country, so an editor finds a city among hundreds
    without JavaScript and sees at a glance which country each belongs to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("cities")
        if field is None:
            return
        cities = sorted(
            field.queryset.select_related("country"),
            key=lambda city: (str(city.country.name), city.name),
        )
        field.choices = [
            (str(country_name), [(city.pk, city.name) for city in group])
            for country_name, group in groupby(cities, key=lambda city: city.country.name)
        ]
        field.widget.attrs.setdefault("size", 12)
