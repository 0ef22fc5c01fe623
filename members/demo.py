"""The demo community's people. Passwords are published on purpose: this runs only for local
demos (the command refuses to run with DEBUG off)."""

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

P, M, H = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE

# name, headline, organisation, sectors, region, country, interests, boundaries, visibility,
# new to convening, open to (peer support, mentored, mentoring, co-hosting)
# fmt: off
PEOPLE = [
    ('Aisha Rahman', 'Systems convener, integrated care', 'North Central London ICB', ['health', 'social-care'], 'London', 'England', ['population health', 'co-production'], ['NHS and voluntary sector', 'health and housing'], M, False, 'pm'),
    ('Ben Okoro', 'Head of prevention', 'Riverside Housing', ['housing'], 'North West', 'England', ['homelessness', 'early help'], ['housing and health', 'Manchester'], P, False, 'ph'),
    ('Catriona MacLeod', 'Community development worker', 'Highland Third Sector Interface', ['voluntary-and-community'], 'Highlands', 'Scotland', ['rural communities', 'asset-based community development'], ['statutory and community sector'], M, True, 'pb'),
    ('Dev Patel', 'Public health registrar', 'Leicester City Council', ['health', 'local-government'], 'East Midlands', 'England', ['health inequalities', 'system dynamics'], ['public health and planning'], M, True, 'b'),
    ('Eleanor Hughes', 'Strategic lead, social care reform', 'Cardiff Council', ['social-care', 'local-government'], 'South Wales', 'Wales', ['Human Learning Systems', 'relational practice'], ['social care and health', 'Cardiff'], P, False, 'mh'),
    ('Farid Haddad', 'Programme manager', 'Lankelly Foundation', ['funder'], 'London', 'England', ['participatory grant-making', 'evaluation'], ['funders and communities'], M, False, 'm'),
    ('Grace Mensah', 'Peer researcher with lived experience', 'Expert Citizens', ['voluntary-and-community', 'research'], 'West Midlands', 'England', ['lived experience', 'co-production'], ['people with lived experience and commissioners'], M, False, 'p'),
    ('Hamish Grant', 'Library and learning commons lead', 'University of Dundee', ['education'], 'Tayside', 'Scotland', ['communities of practice', 'learning commons'], ['university and city'], P, False, 'hm'),
    ('Ifeoma Nwosu', 'Mental health partnership convener', 'Lambeth Together', ['health', 'voluntary-and-community'], 'London', 'England', ['mental health', 'early help'], ['GPs and community groups', 'Lambeth'], M, False, 'ph'),
    ('James Whitfield', 'Active environments lead', 'Active Norfolk', ['health', 'local-government'], 'East of England', 'England', ['healthy placemaking', 'active travel'], ['sport, planning and health', 'Norfolk'], P, False, 'm'),
    ('Kiran Shah', 'Policy officer', 'Local Government Association', ['local-government'], 'London', 'England', ['systems leadership', 'place-based working'], ['central and local government'], H, False, ''),
    ('Laura Bianchi', 'Social innovation researcher', 'Politecnico di Milano', ['research'], 'Lombardy', 'Italy', ['social innovation', 'complexity'], ['research and practice'], M, False, 'p'),
    ('Marcus Reid', 'Youth work manager', 'Glasgow Youth Network', ['voluntary-and-community', 'education'], 'Glasgow', 'Scotland', ['youth voice', 'relational practice'], ['schools and youth services'], M, True, 'pb'),
    ('Nadia Hussain', 'Commissioning manager', 'Bradford District Care', ['health', 'social-care'], 'Yorkshire and the Humber', 'England', ['outcomes-based commissioning', 'evaluation'], ['commissioners and providers'], M, False, 'ph'),
    ('Owen Davies', 'Community energy organiser', 'Ynni Cymunedol', ['voluntary-and-community'], 'North Wales', 'Wales', ['climate', 'community ownership'], ['energy and housing'], P, True, 'b'),
    ('Priya Sharma', 'Improvement fellow', 'Q Community', ['health', 'research'], 'South East', 'England', ['quality improvement', 'PDSA cycles'], ['improvement and research'], M, False, 'pmh'),
    ('Rosa Martínez', 'Directora de vinculación', 'Fundación Comunidad', ['voluntary-and-community'], 'Ciudad de México', 'Mexico', ['collective impact', 'participation'], ['government and civil society'], M, False, 'p'),
    ('Samuel Adeyemi', 'Housing first coordinator', 'Newcastle City Council', ['housing', 'local-government'], 'North East', 'England', ['housing first', 'trauma-informed practice'], ['housing, health and justice'], M, False, 'ph'),
    ('Tove Nielsen', 'Welfare innovation lead', 'Aarhus Kommune', ['local-government', 'social-care'], 'Central Denmark', 'Denmark', ['welfare innovation', 'citizen participation'], ['municipality and citizens'], P, False, 'm'),
    ('Uma Krishnan', 'GP and clinical director', 'Tower Hamlets PCN', ['health'], 'London', 'England', ['social prescribing', 'community partnerships'], ['primary care and community'], M, False, 'h'),
    ('Victor Dubois', 'Coordinateur de réseau', 'Réseau Solidarités', ['voluntary-and-community'], 'Île-de-France', 'France', ['networks', 'solidarity economy'], ['associations and local authorities'], M, True, 'b'),
    ('Wendy Clarke', 'Adult education tutor', "Workers' Educational Association", ['education'], 'South West', 'England', ['adult learning', 'community education'], ['education and employment'], M, True, 'pb'),
    ('Xavier Thompson', 'Data and insight lead', 'Greater Manchester Combined Authority', ['local-government', 'research'], 'North West', 'England', ['system mapping', 'data for good'], ['data and communities'], M, False, 'm'),
    ('Yasmin Ali', 'Family hub manager', "Birmingham Children's Trust", ['social-care', 'education'], 'West Midlands', 'England', ['family support', 'early help'], ["children's services and schools", 'Birmingham'], H, False, 'p'),
    ('Zoe Carter', 'Convener, alliance for ageing well', 'Age Friendly Bristol', ['health', 'voluntary-and-community'], 'South West', 'England', ['ageing well', 'co-production'], ['health, housing and transport', 'Bristol'], P, False, 'phm'),
    ('Amelia Brooks', 'Partnership director', 'Sydney Collective Impact', ['voluntary-and-community'], 'New South Wales', 'Australia', ['collective impact', 'systems change evaluation'], ['government and community'], M, False, 'm'),
    ('Tom Nguyen', 'Literacy alliance coordinator', 'Delaware Literacy Alliance', ['education', 'voluntary-and-community'], 'Delaware', 'United States', ['literacy', 'equity'], ['schools, libraries and families'], P, False, 'ph'),
    ('Rachel Green', 'Homelessness strategy officer', 'Brighton & Hove City Council', ['housing', 'local-government'], 'South East', 'England', ['homelessness', 'lived experience'], ['housing and voluntary sector'], M, True, 'pb'),
    ('Olusegun Bello', 'Chaplain and community organiser', 'Faith in Communities', ['voluntary-and-community'], 'London', 'England', ['faith and community', 'listening campaigns'], ['faith groups and councils'], M, False, 'h'),
    ('Isla Morgan', 'Researcher, systems evaluation', 'Centre for Public Impact', ['research'], 'London', 'England', ['developmental evaluation', 'learning partners'], ['research and funders'], P, False, 'pm'),
    ('Daniel Kaur', 'Care home manager', 'Sunrise Care', ['social-care'], 'West Yorkshire', 'England', ['workforce wellbeing', 'relational care'], ['care homes and NHS'], M, True, 'b'),
]
# fmt: on

TIME_ZONE_OF = {
    "Mexico": "America/Mexico_City",
    "Australia": "Australia/Sydney",
    "United States": "America/New_York",
    "Italy": "Europe/Rome",
    "Denmark": "Europe/Copenhagen",
    "France": "Europe/Paris",
}

OPEN_TO = {
    "p": "open_to_peer_support",
    "b": "open_to_being_mentored",
    "m": "open_to_mentoring",
    "h": "open_to_co_hosting",
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

    for index, row in enumerate(PEOPLE):
        (name, headline, organisation, sectors, region, country, interests, boundaries,
         visibility, new, open_to) = row  # fmt: skip
        first, last = name.split(" ", 1)
        user = _account(
            f"{first.lower()}.{index}@people.convening.example", first_name=first, last_name=last
        )
        _describe(
            user,
            name,
            headline,
            organisation=organisation,
            sectors=sectors,
            region=region,
            country=country,
            interests=interests,
            boundaries=boundaries,
            visibility=visibility,
            new_to_convening=new,
            bio=f"I work as {headline.lower()} at {organisation}. I bring people together "
            f"across {', '.join(boundaries)}.",
            website=f"https://{first.lower()}.example",
            time_zone=TIME_ZONE_OF.get(country, "Europe/London"),
            **{OPEN_TO[letter]: True for letter in open_to},
        )
    out.write(f"  {len(PEOPLE)} members across sectors and places, with varied visibility")
