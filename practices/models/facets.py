from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Facet(index.Indexed, models.Model):
    """A way into the library that editors can extend: a purpose, a phase, a tradition..."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Purpose(Facet):
    """What a practice is for: frame the situation, map the system, decide together..."""


class Phase(Facet):
    """Where in a piece of systems work a practice helps: convene, understand, act, learn."""


class Tradition(Facet):
    """The family a practice comes from: soft systems, system dynamics, complexity..."""


class Scale(Facet):
    """The scale of system a practice works at: person, team, place, sector..."""


class Participation(Facet):
    """How people take part: analyst-led, consultative, co-designed, co-produced."""

    class Meta(Facet.Meta):
        verbose_name_plural = "participation"


class Perspective(Facet):
    """Whose views a story brought in: practitioners, people with lived experience, funders..."""


class Competency(models.Model):
    """A knowledge, skill or behaviour of the Systems Thinking Practitioner standard (K1-B9)."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge"
        SKILL = "skill", "Skill"
        BEHAVIOUR = "behaviour", "Behaviour"

    code = models.CharField(max_length=5, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=120)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "competencies"

    def __str__(self):
        return f"{self.code} {self.title}"


class Concept(index.Indexed, models.Model):
    """A word of the shared vocabulary (feedback, emergence, boundaries...) and its meaning."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    definition = models.TextField(max_length=1200)
    source = models.CharField(max_length=200, blank=True, help_text="Where the idea comes from.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("source"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("definition")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
