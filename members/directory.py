"""Finding people: the directory's filters and search, and "people like you"."""

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q
from django.utils.functional import cached_property

from .faces import FACE_FIELDS
from .models import Profile, Sector
from .models.profile import OPEN_TO_FIELDS, TaggedBoundary, TaggedInterest
from .visibility import Visibility

OPEN_TO_CHOICES = [(name, Profile._meta.get_field(name).verbose_name) for name in OPEN_TO_FIELDS]


class DirectoryFilters(forms.Form):
    """The directory's query string. A value that does not fit is ignored, not an error."""

    q = forms.CharField(label="Name or keyword", required=False, max_length=100)
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
    place = forms.CharField(label="Region or country", required=False, max_length=80)
    boundary = forms.CharField(label="Boundary they work across", required=False, max_length=100)
    interest = forms.CharField(required=False, max_length=100)
    open_to = forms.ChoiceField(
        label="Open to", choices=[("", "Anything"), *OPEN_TO_CHOICES], required=False
    )
    new_to_convening = forms.BooleanField(label="New to convening", required=False)

    def valid_values(self):
        """Whatever parts of the query are valid; the rest are dropped."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def search_directory(viewer, filters: dict):
    """Profiles in the viewer's directory matching the filters, ready to list."""
    profiles = Profile.objects.in_directory_for(viewer)
    if q := filters.get("q"):
        # Organisations are searched only where members may see them, so a search cannot
        # reveal what a member chose to hide.
        profiles = profiles.filter(
            Q(display_name__icontains=q)
            | Q(headline__icontains=q)
            | Q(bio__icontains=q)
            | Q(
                organisation__icontains=q,
                organisation_visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS],
            )
            | Q(pk__in=_tagged(TaggedInterest, tag__name__icontains=q))
            | Q(pk__in=_tagged(TaggedBoundary, tag__name__icontains=q))
        )
    if sector := filters.get("sector"):
        profiles = profiles.filter(sectors=sector)
    if place := filters.get("place"):
        profiles = profiles.filter(Q(region__icontains=place) | Q(country__icontains=place))
    if boundary := filters.get("boundary"):
        profiles = profiles.filter(pk__in=_tagged(TaggedBoundary, tag__name__iexact=boundary))
    if interest := filters.get("interest"):
        profiles = profiles.filter(pk__in=_tagged(TaggedInterest, tag__name__iexact=interest))
    if open_to := filters.get("open_to"):
        profiles = profiles.filter(**{open_to: True})
    if filters.get("new_to_convening"):
        profiles = profiles.filter(new_to_convening=True)
    # Tags are matched in subqueries, not joins: no duplicate rows, so no DISTINCT to sort away.
    return with_card_details(profiles)


class DirectoryPaginator(Paginator):
    """Pages of the directory, counting no further than the next thousand people past the page
    asked for: counting every member the viewer may see would read the whole membership on
    every page. The heading then says "more than 1,000 members", and "Next" leads on as far as
    there are people (from page 50, the count reaches 2,000)."""

    STEP = 1000
    # Further than any directory goes: a page number typed past it is read as this, so the
    # count's LIMIT stays within the database's integers (page=10**30 was a 500 on PostgreSQL).
    FURTHEST_PAGE = 1_000_000

    def __init__(self, object_list, per_page, number):
        super().__init__(object_list, per_page)
        past_page = min(max(_whole_number(number), 1), self.FURTHEST_PAGE) * per_page
        self.counted_to = (past_page // self.STEP + 1) * self.STEP

    @cached_property
    def count(self):
        return self.object_list[: self.counted_to + 1].count()

    @property
    def more_than(self):
        """How many there are at least, when there are more than were counted; else None."""
        return self.counted_to if self.count > self.counted_to else None


def _whole_number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


def _tagged(through, **lookup):
    return through.objects.filter(**lookup).values("content_object_id")


# What a profile card (members/includes_profile_card.html) shows of the profile's own row: not
# the bio, links and preferences it also holds. With what its avatar needs (`members.faces`).
CARD_FIELDS = (
    *FACE_FIELDS,
    "pronouns",
    "headline",
    "organisation",
    "organisation_visibility",
    "region",
    "country",
    "new_to_convening",
)


def with_card_details(profiles):
    """What a profile card shows: the few columns of the profile it needs, and its sectors (one
    query for the whole list) as a plain list, `card_sectors`: a related manager made for each
    profile would cost more than the query."""
    return profiles.only(*CARD_FIELDS).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.all(), to_attr="card_sectors")
    )


def people_like(user, limit=6):
    """Members sharing the most boundaries, then interests, then sectors with `user` (an
    interest or boundary of theirs counts when it is one of the user's interests or
    boundaries), among those the user may see and not staff; ties by name. Empty when the
    user has said nothing to match on.

    The ranking starts from the user's own few sectors and tags and reads only the rows that
    share one (`_most_alike`), rather than scoring every profile. Who may be seen is applied
    to each batch of the ranking. Three queries."""
    found = []
    for ranked in _ranking_batches(user.profile, batch=limit * 10):
        visible = with_card_details(
            Profile.objects.in_directory_for(user).without_staff().filter(pk__in=ranked)
        ).in_bulk()
        found += [visible[pk] for pk in ranked if pk in visible]
        if len(found) >= limit:
            break
    return found[:limit]


def _ranking_batches(mine, batch):
    offset = 0
    while True:
        ranked = _most_alike(mine, batch, offset)
        if ranked:
            yield ranked
        if len(ranked) < batch:
            return
        offset += batch


def _most_alike(mine, limit, offset):
    """Profile ids (not `mine`) in order of likeness to `mine`, whoever may see them. One query
    over the rows that share a sector or tag with `mine`, counted per profile: a union of three
    tables grouped and summed, which the ORM cannot say. Table names come from the models."""
    sectors = Profile.sectors.through._meta.db_table
    interests = TaggedInterest._meta.db_table
    boundaries = TaggedBoundary._meta.db_table
    profiles = Profile._meta.db_table
    sql = f"""
        WITH my_tags AS (
            SELECT tag_id FROM {interests} WHERE content_object_id = %(me)s
            UNION SELECT tag_id FROM {boundaries} WHERE content_object_id = %(me)s
        ),
        shared AS (
            SELECT content_object_id AS profile_id, 1 AS boundary, 0 AS interest, 0 AS sector
            FROM {boundaries} WHERE tag_id IN (SELECT tag_id FROM my_tags)
            UNION ALL
            SELECT content_object_id, 0, 1, 0
            FROM {interests} WHERE tag_id IN (SELECT tag_id FROM my_tags)
            UNION ALL
            SELECT profile_id, 0, 0, 1 FROM {sectors}
            WHERE sector_id IN (SELECT sector_id FROM {sectors} WHERE profile_id = %(me)s)
        )
        SELECT shared.profile_id
        FROM shared JOIN {profiles} AS profile ON profile.id = shared.profile_id
        WHERE shared.profile_id <> %(me)s
        GROUP BY shared.profile_id, profile.display_name
        ORDER BY SUM(boundary) DESC, SUM(interest) DESC, SUM(sector) DESC,
            profile.display_name, shared.profile_id
        LIMIT %(limit)s OFFSET %(offset)s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {"me": mine.pk, "limit": limit, "offset": offset})
        return [row[0] for row in cursor.fetchall()]
