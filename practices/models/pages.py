from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from practices.blocks import PracticeStepsBlock
from practices.value import ValueCycle

SHORT_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class TaggedPractice(TaggedItemBase):
    content_object = ParentalKey("practices.PracticePage", related_name="tagged_items")


class TaggedStory(TaggedItemBase):
    content_object = ParentalKey("practices.StoryPage", related_name="tagged_items")


class PracticeIndexPage(RoutablePageMixin, Page):
    """The library at /practices/: practices and stories, filtered, searched and sorted."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["convening.HomePage"]
    subpage_types = ["practices.PracticePage", "practices.StoryPage", "practices.CollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "practice library"

    @path("")
    def library(self, request):
        from practices.views.library import library

        return library(request, self)

    def route(self, request, path_components):
        """A practice, story or collection fetched as its own type in one query: Wagtail's
        `Page.route` fetches the child as a plain page, then again as its type. Anything else
        (the library itself, a slug that is no child) goes Wagtail's way; the library's only
        route of its own is its index, so no child's slug can hide one."""
        child = self._child(path_components[0]) if path_components else None
        if child is None:
            return super().route(request, path_components)
        return child.route(request, path_components[1:])

    def _child(self, slug: str) -> Page | None:
        found = self.get_children().filter(slug=slug).select_related(*LIBRARY_CHILDREN).first()
        for name in LIBRARY_CHILDREN if found is not None else ():
            # Not selected: None; the one-to-one's missing-row error is an AttributeError.
            if (child := getattr(found, name, None)) is not None:
                return child
        return None


class PracticePage(Page):
    """A tool or method, described with one structured spine so practices can be compared."""

    class Kind(models.TextChoices):
        METHODOLOGY = "methodology", "Methodology"
        METHOD = "method", "Method"
        TOOL = "tool", "Tool or template"
        ACTIVITY = "activity", "Activity"
        MODEL = "model", "Model or framework"

    class Span(models.TextChoices):
        ACTIVITY = "activity", "One activity"
        WORKSHOP = "workshop", "A workshop"
        SESSIONS = "sessions", "Several sessions"
        PROGRAMME = "programme", "A programme"

    class Experience(models.TextChoices):
        NONE = "none", "None: anyone can start"
        SOME = "some", "Some facilitation experience"
        EXPERIENCED = "experienced", "An experienced facilitator"
        SPECIALIST = "specialist", "Specialist training"

    class Attribution(models.TextChoices):
        DOCUMENTED = "documented", "Documented"
        COMMONLY_ATTRIBUTED = "commonly", "Commonly attributed"
        CONTESTED = "contested", "Contested"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.METHOD)
    summary = models.CharField(max_length=200, help_text="One line: what it is.")
    makes_possible = RichTextField("what it makes possible", features=SHORT_RICH_TEXT)
    when_to_use = RichTextField(features=SHORT_RICH_TEXT, blank=True)
    when_not_to_use = RichTextField(features=SHORT_RICH_TEXT, blank=True)
    steps = StreamField(PracticeStepsBlock(), blank=True)
    materials = models.TextField("materials and software", blank=True)
    minutes_min = models.PositiveIntegerField("time needed, from (minutes)", null=True, blank=True)
    minutes_max = models.PositiveIntegerField("time needed, to (minutes)", null=True, blank=True)
    span = models.CharField(
        "engagement span", max_length=10, choices=Span.choices, default=Span.WORKSHOP
    )
    group_min = models.PositiveIntegerField("group size, from", null=True, blank=True)
    group_max = models.PositiveIntegerField("group size, to", null=True, blank=True)
    experience = models.CharField(
        "experience needed", max_length=12, choices=Experience.choices, default=Experience.SOME
    )
    in_person = models.BooleanField(default=True)
    online = models.BooleanField(default=False)
    hybrid = models.BooleanField(default=False)
    asynchronous = models.BooleanField(default=False)
    tips_and_traps = RichTextField(features=SHORT_RICH_TEXT, blank=True)
    variations = RichTextField(features=SHORT_RICH_TEXT, blank=True)
    outputs = models.CharField(
        max_length=300, blank=True, help_text="e.g. rich picture, causal loop diagram"
    )
    originators = models.CharField(max_length=200, blank=True)
    origin_year = models.PositiveSmallIntegerField(null=True, blank=True)
    attribution = models.CharField(
        "how sure the attribution is",
        max_length=10,
        choices=Attribution.choices,
        default=Attribution.COMMONLY_ATTRIBUTED,
    )
    key_sources = RichTextField(features=["link", "italic", "ul"], blank=True)
    licence_note = models.CharField(
        "licence and attribution",
        max_length=300,
        default="Written in our own words for this library; see the key sources for the originals.",
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stewarded_practices",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    purposes = ParentalManyToManyField("practices.Purpose", blank=True, related_name="practices")
    phases = ParentalManyToManyField("practices.Phase", blank=True, related_name="practices")
    traditions = ParentalManyToManyField(
        "practices.Tradition", blank=True, related_name="practices"
    )
    scales = ParentalManyToManyField("practices.Scale", blank=True, related_name="practices")
    participation = ParentalManyToManyField(
        "practices.Participation", blank=True, related_name="practices"
    )
    sectors = ParentalManyToManyField("members.Sector", blank=True, related_name="practices")
    competencies = ParentalManyToManyField(
        "practices.Competency", blank=True, related_name="practices"
    )
    concepts = ParentalManyToManyField("practices.Concept", blank=True, related_name="practices")
    tags = ClusterTaggableManager(through=TaggedPractice, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("span")]),
        FieldPanel("summary"),
        FieldPanel("makes_possible"),
        FieldRowPanel([FieldPanel("when_to_use"), FieldPanel("when_not_to_use")]),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("minutes_min"), FieldPanel("minutes_max")]),
                FieldRowPanel([FieldPanel("group_min"), FieldPanel("group_max")]),
                FieldPanel("experience"),
                FieldRowPanel(
                    [
                        FieldPanel("in_person"),
                        FieldPanel("online"),
                        FieldPanel("hybrid"),
                        FieldPanel("asynchronous"),
                    ]
                ),
                FieldPanel("materials"),
                FieldPanel("outputs"),
            ],
            heading="Time, people and materials",
        ),
        FieldPanel("tips_and_traps"),
        FieldPanel("variations"),
        FieldPanel("image"),
        InlinePanel("relations", heading="Related practices", label="Relation"),
    ]
    facet_panels = [
        FieldPanel("purposes"),
        FieldPanel("phases"),
        FieldPanel("traditions"),
        FieldPanel("scales"),
        FieldPanel("participation"),
        FieldPanel("sectors"),
        FieldPanel("competencies"),
        FieldPanel("concepts"),
        FieldPanel("tags"),
    ]
    origin_panels = [
        FieldRowPanel([FieldPanel("originators"), FieldPanel("origin_year")]),
        FieldPanel("attribution"),
        FieldPanel("key_sources"),
        FieldPanel("licence_note"),
        FieldRowPanel([FieldPanel("steward"), FieldPanel("last_reviewed")]),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(facet_panels, heading="Facets"),
            ObjectList(origin_panels, heading="Origin and licence"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("makes_possible"),
        index.SearchField("when_to_use"),
        index.SearchField("outputs"),
        index.SearchField("originators"),
        # So "health" finds the practices the Health sector lists, and a purpose or tag by name.
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.RelatedFields("purposes", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("kind"),
    ]

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "practice"

    def get_context(self, request, *args, **kwargs):
        from practices.views.pages import practice_context

        context = super().get_context(request, *args, **kwargs)
        return context | practice_context(self, request)

    def clean(self):
        super().clean()
        errors = {}
        if self.minutes_min and self.minutes_max and self.minutes_min > self.minutes_max:
            errors["minutes_max"] = "The longest time must not be shorter than the shortest."
        if self.group_min and self.group_max and self.group_min > self.group_max:
            errors["group_max"] = "The largest group must not be smaller than the smallest."
        if errors:
            raise ValidationError(errors)

    @property
    def time_band(self):
        """A band people can compare at a glance, from the longest time the practice takes."""
        return time_band(self.span, self.minutes_min, self.minutes_max)

    @property
    def modes(self):
        return [label for field, label in MODES if getattr(self, field)]


# The ways a practice can be run: each is a boolean field of PracticePage, with its label.
MODES = [
    ("in_person", "In person"),
    ("online", "Online"),
    ("hybrid", "Hybrid"),
    ("asynchronous", "Asynchronous"),
]

# The bands `PracticePage.time_band` shows and the library filters by. Each timed band runs up
# to and including its limit, in minutes; past the last is LONGEST_BAND. Practices that span
# several sessions or a programme are banded by their span, whatever their minutes.
TIME_BANDS = [
    (30, "Up to 30 minutes"),
    (90, "30 to 90 minutes"),
    (240, "Half a day"),
    (480, "A day"),
]
LONGEST_BAND = "Full day or more"
SPAN_BANDS = {
    PracticePage.Span.SESSIONS: "Multi-session",
    PracticePage.Span.PROGRAMME: "Programme",
}


def time_band(span: str, minutes_min: int | None, minutes_max: int | None) -> str:
    """`PracticePage.time_band` from the three fields it reads, for rows the library counts
    without making a page of each."""
    if span in SPAN_BANDS:
        return SPAN_BANDS[span]
    longest = minutes_max or minutes_min
    if longest is None:
        return ""
    for limit, band in TIME_BANDS:
        if longest <= limit:
            return band
    return LONGEST_BAND


class PracticeRelation(Orderable):
    """A typed link between practices, read forwards on this page and backwards on the other."""

    class Kind(models.TextChoices):
        FOLLOWED_BY = "followed_by", "Often followed by"
        PRECEDED_BY = "preceded_by", "Often preceded by"
        ALTERNATIVE_TO = "alternative_to", "An alternative to"
        VARIANT_OF = "variant_of", "A variant of"
        PART_OF = "part_of", "Part of"

    INVERSE = {
        Kind.FOLLOWED_BY: "Often preceded by",
        Kind.PRECEDED_BY: "Often followed by",
        Kind.ALTERNATIVE_TO: "An alternative to",
        Kind.VARIANT_OF: "Has a variant",
        Kind.PART_OF: "Includes",
    }

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        PracticePage, on_delete=models.CASCADE, related_name="incoming_relations"
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    def clean(self):
        if self.target_id and self.target_id == self.page_id:
            raise ValidationError({"target": "A practice cannot be related to itself."})

    @property
    def inverse_label(self):
        return self.INVERSE[self.Kind(self.kind)]


class StoryPage(Page):
    """A practice story: what was tried, in a real situation, and what came of it."""

    summary = models.CharField(max_length=250, help_text="One or two sentences.")
    situation = RichTextField(features=SHORT_RICH_TEXT)
    what_we_did = RichTextField(features=SHORT_RICH_TEXT)
    what_happened = RichTextField(features=SHORT_RICH_TEXT)
    what_we_learned = RichTextField(features=SHORT_RICH_TEXT)
    do_differently = RichTextField(
        "what we would do differently", features=SHORT_RICH_TEXT, blank=True
    )
    place = models.CharField(max_length=120, blank=True)
    sectors = ParentalManyToManyField("members.Sector", blank=True, related_name="stories")
    perspectives = ParentalManyToManyField(
        "practices.Perspective", blank=True, related_name="stories"
    )
    competencies = ParentalManyToManyField(
        "practices.Competency", blank=True, related_name="stories"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_stories",
        help_text="The member who submitted this story through the site.",
    )
    tags = ClusterTaggableManager(through=TaggedStory, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("situation"),
        FieldPanel("what_we_did"),
        InlinePanel("practices_used", heading="Practices used", label="Practice"),
        FieldPanel("what_happened"),
        FieldPanel("what_we_learned"),
        FieldPanel("do_differently"),
        InlinePanel("value_created", heading="Value created", label="Value"),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("sectors"),
                FieldPanel("perspectives"),
                FieldPanel("competencies"),
                FieldPanel("tags"),
                FieldPanel("image"),
            ],
            heading="Where, who and what",
        ),
        InlinePanel("authors", heading="Authors", label="Author"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("situation"),
        index.SearchField("what_we_did"),
        index.SearchField("what_happened"),
        index.SearchField("what_we_learned"),
        index.SearchField("place"),
    ]

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    def get_context(self, request, *args, **kwargs):
        from practices.views.pages import story_context

        context = super().get_context(request, *args, **kwargs)
        return context | story_context(self, request)


class StoryPractice(Orderable):
    """A practice a story used, and how it was adapted: so each practice lists its stories."""

    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="practices_used")
    practice = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="story_uses")
    adaptation = models.TextField("how it was adapted", max_length=600, blank=True)

    panels = [FieldPanel("practice"), FieldPanel("adaptation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["story", "practice"], name="story_practice_once")
        ]


class StoryAuthor(Orderable):
    """An author of a story: a member, or the name of someone who is not one."""

    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="authors")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_stories",
    )
    name = models.CharField(
        max_length=120, blank=True, help_text="For authors who are not members."
    )

    panels = [FieldPanel("member"), FieldPanel("name")]

    def clean(self):
        if not self.member_id and not self.name:
            raise ValidationError("Choose a member or type the author's name.")

    @property
    def display_name(self):
        if self.member_id:
            return self.member.profile.name
        return self.name or "A former member"


class StoryValue(Orderable):
    """Evidence of the value a story created, in one of the value-creation cycles."""

    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="value_created")
    cycle = models.CharField(max_length=20, choices=ValueCycle.choices)
    evidence = models.TextField(max_length=800)

    panels = [FieldPanel("cycle"), FieldPanel("evidence")]


class CollectionPage(Page):
    """An editor-curated sequence of practices (a starter kit, a first gathering), printable."""

    introduction = RichTextField(features=SHORT_RICH_TEXT, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        InlinePanel("steps", heading="Steps", label="Step", min_num=1),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "collection"

    def get_context(self, request, *args, **kwargs):
        from practices.views.pages import collection_context

        context = super().get_context(request, *args, **kwargs)
        return context | collection_context(self, request)


class CollectionStep(Orderable):
    collection = ParentalKey(CollectionPage, on_delete=models.CASCADE, related_name="steps")
    practice = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="+")
    transition = models.TextField(
        "transition note", max_length=600, blank=True, help_text="How this step leads on."
    )
    minutes = models.PositiveIntegerField(null=True, blank=True)

    panels = [FieldPanel("practice"), FieldPanel("minutes"), FieldPanel("transition")]


# The library's children, by the name of the one-to-one link from a plain page to each type.
LIBRARY_CHILDREN = ["practicepage", "storypage", "collectionpage"]
