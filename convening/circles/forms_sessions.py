"""Forms of the facilitators' session tools. Dates and times are typed as the wall-clock time
of the circle's own zone. The forms check the shape of what was typed; the services in
`convening.circles.sessions` check the rest (a join link or a place, a length within bounds, a
start in the future), and the views show their refusals on the form."""

import datetime

from django import forms

from convening.shared.ids import BoundedModelChoiceField
from events.models import validate_https

from .models import CircleMembership
from .sessions import MAX_RUN, local_start
from .structures import STRUCTURE_CHOICES

LENGTHS = [(60, "1 hour"), (75, "1 hour 15"), (90, "1 hour 30"), (120, "2 hours"), (180, "3 hours")]


class WhenAndWhereForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(
        label="Start time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.TypedChoiceField(
        label="Length", choices=LENGTHS, coerce=int, initial=90, empty_value=90
    )
    join_url = forms.URLField(
        label="Join link",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_https],
        help_text="The video call's address (https://...). Members reach it through their own "
        "link on the session page; the address is not printed on any page.",
    )
    place = forms.CharField(
        label="Where", required=False, max_length=300, help_text="For sessions in person."
    )
    structure = forms.ChoiceField(label="Structure", choices=STRUCTURE_CHOICES)

    def __init__(self, *args, circle, **kwargs):
        self.circle = circle
        super().__init__(*args, **kwargs)
        zone = circle.time_zone.replace("_", " ")
        self.fields["time"].help_text = f"In the circle's time zone, {zone}."

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])


class ScheduleForm(WhenAndWhereForm):
    count = forms.IntegerField(
        label="How many sessions",
        min_value=1,
        max_value=MAX_RUN,
        initial=1,
        help_text="More than one schedules a run at the circle's cadence.",
    )

    field_order = ["date", "time", "minutes", "count", "join_url", "place", "structure"]

    def __init__(self, *args, circle, **kwargs):
        super().__init__(*args, circle=circle, **kwargs)
        last = circle.sessions.order_by("-number").first()
        remaining = max(1, circle.planned_sessions - (last.number if last else 0))
        self.fields["count"].initial = remaining
        self.fields["count"].help_text = (
            f"More than one schedules a run, {circle.get_cadence_display().lower()}, at the "
            "same time of day."
        )
        self.fields["structure"].initial = circle.default_structure
        if last is not None:
            self.fields["join_url"].initial = last.join_url
            self.fields["place"].initial = last.place
            self.fields["time"].initial = local_start(last).time()


class PresenterChoice(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return obj.member.profile.name


class ChangeSessionForm(WhenAndWhereForm):
    presenter = PresenterChoice(
        queryset=CircleMembership.objects.none(),
        required=False,
        empty_label="No presenter",
        help_text="Who brings an issue this time.",
    )

    def __init__(self, *args, session, **kwargs):
        start = local_start(session)
        kwargs.setdefault(
            "initial",
            {
                "date": start.date(),
                "time": start.time(),
                "minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
                "join_url": session.join_url,
                "place": session.place,
                "structure": session.structure,
            },
        )
        super().__init__(*args, circle=session.circle, **kwargs)
        members = (
            CircleMembership.objects.active()
            .filter(circle=session.circle)
            .select_related("member__profile")
            .order_by("joined_at", "pk")
        )
        self.fields["presenter"].queryset = members
        self.fields["presenter"].initial = members.filter(member=session.presenter_id).first()
        minutes = self.initial.get("minutes")
        if minutes and minutes not in dict(LENGTHS):
            self.fields["minutes"].choices = [*LENGTHS, (minutes, f"{minutes} minutes")]

    @property
    def chosen_presenter(self):
        membership = self.cleaned_data.get("presenter")
        return membership.member if membership else None


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why (sent to the members)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NotesForm(forms.Form):
    facilitator_notes = forms.CharField(
        label="Your notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the circle's facilitators read these: not the members, not the site's "
        "staff.",
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label="Who was present", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            CircleMembership.objects.active()
            .filter(circle=session.circle)
            .select_related("member__profile")
            .order_by("joined_at", "pk")
        )
        self.people = {str(m.member_id): m.member for m in members}
        self.fields["present"].choices = [
            (pk, person.profile.name) for pk, person in self.people.items()
        ]
        recorded = session.attendance.filter(present=True).values_list("member_id", flat=True)
        self.fields["present"].initial = [str(pk) for pk in recorded]

    @property
    def present_people(self):
        return [self.people[pk] for pk in self.cleaned_data["present"]]


class RetrospectiveForm(forms.Form):
    retrospective = forms.CharField(
        label="Retrospective",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the circle made of its run together. Everyone in the circle reads it.",
    )


class EndOfRunForm(forms.Form):
    choice = forms.ChoiceField(
        label="What next for the circle",
        choices=[("renew", "Renew: schedule another run"), ("close", "Close the circle")],
        widget=forms.RadioSelect,
    )
    sessions = forms.IntegerField(
        label="Sessions in the new run",
        min_value=1,
        max_value=MAX_RUN,
        initial=6,
        required=False,
        help_text="At the same cadence, time and place, after the last session.",
    )

    def clean(self):
        data = super().clean()
        if data.get("choice") == "renew" and not data.get("sessions"):
            self.add_error("sessions", "Say how many sessions the new run has.")
        return data
