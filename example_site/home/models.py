from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from icc_practices.blocks import PracticeCollectionBlock


class HomePage(Page):
    """The example site's home page: an introduction, the latest practices, and
    collections of practices on a theme that editors put together."""

    intro = RichTextField(blank=True)
    latest_count = models.PositiveSmallIntegerField(default=3)
    body = StreamField(
        [("practices", PracticeCollectionBlock())],
        blank=True,
        help_text="Collections of practices on a theme, each with a link to all of them.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("latest_count"),
        FieldPanel("body"),
    ]
