"""Demo pages in the words of the community's own survey (see shared/context/)."""

from wagtail.models import Site

from .models import HomePage, StandardPage

HOME_INTRODUCTION = (
    "A community of practice for systems conveners: people who bring others together across "
    "organisations, sectors and communities to change how public systems work."
)

HOME_BODY = [
    {
        "type": "section",
        "value": {
            "heading": "What we do together",
            "intro": "<p>Convening is rarely anyone's whole job, and it is lonely work. "
            "Here you can find your people, learn what works, and keep reflecting.</p>",
            "cards": [
                {
                    "title": "Find your tribe",
                    "text": "Meet conveners in health, social care, housing, education, local "
                    "government and the voluntary sector who span the same boundaries as you.",
                    "link": {"page": None, "url": "", "text": ""},
                },
                {
                    "title": "A library of practice",
                    "text": "Tools, methods and stories that work: from rich pictures and boundary "
                    "critique to Open Space and Outcome Harvesting, in plain words.",
                    "link": {"page": None, "url": "", "text": ""},
                },
                {
                    "title": "Gatherings",
                    "text": "Regular online and in-person gatherings that mix getting to know each "
                    "other with structured conversation. Tea and cake where possible.",
                    "link": {"page": None, "url": "", "text": ""},
                },
                {
                    "title": "Reflection circles",
                    "text": "Small, confidential peer groups that meet regularly: a sounding board "
                    "for the messy middle of systems work.",
                    "link": {"page": None, "url": "", "text": ""},
                },
            ],
        },
    },
    {
        "type": "quote",
        "value": {
            "quote": "Systems convening isn't a formally recognised part of my role and so not "
            "well supported. It's how the work needs to happen.",
            "attribution": "A convener answering our survey",
        },
    },
    {
        "type": "section",
        "value": {
            "heading": "Why a community of practice",
            "intro": "<p>When we asked conveners what they wanted, they said: belonging and peer "
            "support, a shared language, examples of practices that work, reflective practice in "
            "small groups, evidence of impact, and sources of funding.</p>",
            "cards": [],
        },
    },
]

ABOUT_INTRODUCTION = (
    "Convening started from a survey of more than 80 people who bring others together across "
    "boundaries to change how public services work."
)

ABOUT_BODY = [
    {
        "type": "text",
        "value": "<h2>Who we are</h2><p>Systems conveners work across health, social care, "
        "housing, education, local government and the voluntary and community sector. Many "
        "told us convening is part of their role but not what they are resourced to do.</p>"
        "<h2>How we work</h2><p>We move at the speed of trust. Gatherings are regular and "
        "hospitable; circles are small and confidential; the library is written in our own "
        "words, with honest credit to the people who created each practice.</p>",
    },
]


def load(out):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    # Pages that already have content are left alone, so a rerun keeps editors' changes.
    if not home.body:
        home.introduction = HOME_INTRODUCTION
        home.body = HOME_BODY
        home.save_revision().publish()

    if not StandardPage.objects.child_of(home).filter(slug="about").exists():
        about = home.add_child(
            instance=StandardPage(
                title="About",
                slug="about",
                show_in_menus=True,
                introduction=ABOUT_INTRODUCTION,
                body=ABOUT_BODY,
            )
        )
        about.save_revision().publish()
    out.write("  Home page and About page")
    from .demo_circles import load as load_circles

    load_circles(out)
