"""Finding people: the directory's filters and search, and "people like you"."""

from django import forms
from django.db.models import Count, Q
from taggit.models import Tag

from .models import Profile, Sector
from .models.profile import OPEN_TO_FIELDS
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
            | Q(tagged_interests__tag__name__icontains=q)
            | Q(tagged_boundaries__tag__name__icontains=q)
        )
    if sector := filters.get("sector"):
        profiles = profiles.filter(sectors=sector)
    if place := filters.get("place"):
        profiles = profiles.filter(Q(region__icontains=place) | Q(country__icontains=place))
    if boundary := filters.get("boundary"):
        profiles = profiles.filter(tagged_boundaries__tag__name__iexact=boundary)
    if interest := filters.get("interest"):
        profiles = profiles.filter(tagged_interests__tag__name__iexact=interest)
    if open_to := filters.get("open_to"):
        profiles = profiles.filter(**{open_to: True})
    if filters.get("new_to_convening"):
        profiles = profiles.filter(new_to_convening=True)
    return with_card_details(profiles.distinct())


def with_card_details(profiles):
    return profiles.select_related("user").prefetch_related("sectors", "interests", "boundaries")


def people_like(user, limit=6):
    """Members sharing the most sectors, interests and boundaries with `user`, among those the
    user may see. Empty when the user has said nothing to match on."""
    mine = user.profile
    sectors = list(mine.sectors.values_list("pk", flat=True))
    tags = list(
        Tag.objects.filter(
            Q(members_taggedinterest_items__content_object=mine)
            | Q(members_taggedboundary_items__content_object=mine)
        ).values_list("pk", flat=True)
    )
    if not sectors and not tags:
        return []
    candidates = (
        Profile.objects.in_directory_for(user)
        .annotate(
            shared_sectors=Count("sectors", filter=Q(sectors__in=sectors), distinct=True),
            shared_interests=Count(
                "tagged_interests", filter=Q(tagged_interests__tag__in=tags), distinct=True
            ),
            shared_boundaries=Count(
                "tagged_boundaries", filter=Q(tagged_boundaries__tag__in=tags), distinct=True
            ),
        )
        .filter(Q(shared_sectors__gt=0) | Q(shared_interests__gt=0) | Q(shared_boundaries__gt=0))
        .order_by("-shared_boundaries", "-shared_interests", "-shared_sectors", "display_name")
    )
    return list(with_card_details(candidates)[:limit])
