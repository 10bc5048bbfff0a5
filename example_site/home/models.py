from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The example site's home page: an introduction and the latest practices."""

    intro = RichTextField(blank=True)
    latest_count = models.PositiveSmallIntegerField(default=3)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("latest_count")]
