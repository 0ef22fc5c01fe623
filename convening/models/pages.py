from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from convening.blocks import PageBodyBlock


class HomePage(Page):
    """The front door of the community: what it is for, and what is alive in it now."""

    introduction = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences under the page title."
    )
    body = StreamField(PageBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel(
            "featured_practices",
            heading="Featured practices",
            label="Practice",
            help_text="Shown on the home page; the most used practices fill any empty places.",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from convening.views.home import home_context

        return {**super().get_context(request, *args, **kwargs), **home_context(self, request)}


class HomeFeaturedPractice(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_practices")
    practice = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("practice")]


class StandardPage(Page):
    """A page of editorial content: about the community, how it works, its agreements."""

    introduction = models.TextField(max_length=500, blank=True)
    body = StreamField(PageBodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["convening.HomePage", "convening.StandardPage"]
    subpage_types = ["convening.StandardPage"]

    class Meta:
        verbose_name = "standard page"
