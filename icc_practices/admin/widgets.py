"""The city picker of the practice editor.

About 150 cities do not fit a native multi-select: the chosen ones scroll out of view
and nothing narrows the list to the practice's country. This widget renders checkboxes
grouped by country, with the chosen cities named above them. Without JavaScript every
group shows; with it, a search box filters the names and only the chosen country's group
shows (plus any group that holds a chosen city, so a mistake stays visible).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class CityPicker(forms.CheckboxSelectMultiple):
    template_name = "icc_practices/admin/widgets/city_picker.html"

    def __init__(
        self,
        country_field: str = "country",
        none_label: _StrOrPromise | None = None,
        search_label: _StrOrPromise | None = None,
        **kwargs: Any,
    ) -> None:
        """``country_field`` names the form field whose country narrows the list (empty:
        every country, as for partner cities); ``none_label`` says what no choice means."""
        super().__init__(**kwargs)
        self.country_field = country_field
        self.none_label = none_label
        self.search_label = search_label

    class Media:
        js = ["icc_practices/admin/icc-city-picker.js"]
        css = {"all": ["icc_practices/admin/icc-city-picker.css"]}

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        from icc_practices.search.taxonomy import sort_key

        context = super().get_context(name, value, attrs)
        groups: dict[int, dict[str, Any]] = {}
        chosen = []
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                city = getattr(option["value"], "instance", None)
                if city is None:
                    continue
                group = groups.setdefault(
                    city.country_id,
                    {"country_id": city.country_id, "name": str(city.country.name), "options": []},
                )
                group["options"].append(option)
                if option["selected"]:
                    chosen.append(option["label"])
        context["widget"]["countries"] = sorted(
            groups.values(), key=lambda group: sort_key(group["name"])
        )
        context["widget"]["chosen"] = sorted(chosen, key=sort_key)
        context["widget"]["country_field"] = self.country_field
        context["widget"]["none_label"] = self.none_label or _(
            "No city chosen: a country-level practice."
        )
        context["widget"]["search_label"] = self.search_label or _("Find a city")
        return context
