"""The demo community's people. Passwords are published on purpose: this runs only for local
demos (the command refuses to run with DEBUG off)."""

from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import Profile, Sector, User
from .visibility import Visibility

PASSWORD = "demo-password-123"
DEMO_EDITOR = ("editor@convening.example", PASSWORD, "Esther", "Okafor")

# One account per role: (email, role group or "superuser", name, headline).
ROLE_ACCOUNTS = [
    ("member@convening.example", None, "Maya Thompson", "Community connector, Hackney"),
    ("host@convening.example", "Hosts", "Harriet Clarke", "Convener, place-based partnership"),
    (
        "facilitator@convening.example",
        "Facilitators",
        "Femi Adeyemi",
        "Action learning facilitator",
    ),
    (DEMO_EDITOR[0], "Editors", "Esther Okafor", "Editor of the practice library"),
    ("admin@convening.example", "superuser", "Alex Fox", "Site administrator"),
]

# The demo members beyond the role accounts, one mapping each (see the file's header).
PEOPLE = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "demo" / "people.yaml").read_text(encoding="utf-8")
)["people"]

TIME_ZONE_OF = {
    "Mexico": "America/Mexico_City",
    "Australia": "Australia/Sydney",
    "United States": "America/New_York",
    "Italy": "Europe/Rome",
    "Denmark": "Europe/Copenhagen",
    "France": "Europe/Paris",
}

OPEN_TO = {
    "peer support": "open_to_peer_support",
    "being mentored": "open_to_being_mentored",
    "mentoring": "open_to_mentoring",
    "co-hosting": "open_to_co_hosting",
}


def _account(email, *, first_name, last_name):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name="Members"))
    return user


def _describe(user, display_name, headline, **fields):
    profile = Profile.objects.get(user=user)
    if profile.onboarding != Profile.Onboarding.PENDING:
        return profile  # already built: leave it as the demo user may have changed it
    profile.display_name = display_name
    profile.headline = headline
    profile.slug = ""
    profile.onboarding = Profile.Onboarding.DONE
    sectors = fields.pop("sectors", [])
    interests = fields.pop("interests", [])
    boundaries = fields.pop("boundaries", [])
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    profile.sectors.set(Sector.objects.filter(slug__in=sectors))
    profile.interests.set(interests)
    profile.boundaries.set(boundaries)
    return profile


def load(out):
    out.write(f"  Demo accounts (password for all: {PASSWORD}):")
    for email, role, name, headline in ROLE_ACCOUNTS:
        first, last = name.split(" ", 1)
        user = _account(email, first_name=first, last_name=last)
        if role == "superuser":
            user.is_staff = user.is_superuser = True
            user.save()
        elif role:
            user.groups.add(Group.objects.get(name=role))
            if role == "Editors":
                user.is_staff = True
                user.save()
        _describe(
            user,
            name,
            headline,
            sectors=["voluntary-and-community"],
            interests=["systems convening"],
            region="London",
            country="England",
            visibility=Visibility.MEMBERS,
        )
        label = role.lower().rstrip("s") if role and role != "superuser" else (role or "member")
        label = {"editor": "Editor (Wagtail admin at /admin/)"}.get(label, label.capitalize())
        out.write(f"    {label}: {email} / {PASSWORD}")

    for index, person in enumerate(PEOPLE):
        first, last = person["name"].split(" ", 1)
        user = _account(
            f"{first.lower()}.{index}@people.convening.example", first_name=first, last_name=last
        )
        headline, organisation = person["headline"], person["organisation"]
        _describe(
            user,
            person["name"],
            headline,
            organisation=organisation,
            sectors=person["sectors"],
            region=person["region"],
            country=person["country"],
            interests=person["interests"],
            boundaries=person["boundaries"],
            visibility=Visibility(person["visibility"]),
            new_to_convening=person["new_to_convening"],
            bio=f"I work as {headline.lower()} at {organisation}. I bring people together "
            f"across {', '.join(person['boundaries'])}.",
            website=f"https://{first.lower()}.example",
            time_zone=TIME_ZONE_OF.get(person["country"], "Europe/London"),
            **{OPEN_TO[kind]: True for kind in person["open_to"]},
        )
    out.write(f"  {len(PEOPLE)} members across sectors and places, with varied visibility")
