from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from icc_practices.blocks import PracticeCollectionBlock
from icc_practices.models import PracticePage


class CitySize(models.TextChoices):
    SMALL = "small", _("Small (under 50,000)")
    MEDIUM = "medium", _("Medium (50,000 to 250,000)")
    LARGE = "large", _("Large (over 250,000)")


class UrbactPracticePage(PracticePage):
    """A practice with the size of the city that carries it, as URBACT files them."""

    city_size = models.CharField(_("city size"), max_length=10, choices=CitySize.choices)

    parent_page_types = ["icc_practices.PracticeIndexPage"]
    template = "icc_practices/practice_page.html"


class ThemePage(Page):
    """A host's page that gathers practices on a theme (the collection block)."""

    body = StreamField([("practices", PracticeCollectionBlock())], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    template = "urbact/theme_page.html"
