"""What members and staff can rely on, in words they can read: a privacy notice, terms of use,
a code of conduct and a contact page, as standard pages under the home page that editors can
change like any other. The footer, the sign-up page and the report form link to them by these
addresses, so they keep their slugs. A page that exists already is left as it is."""

import json
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.db import migrations

CONTACT_ADDRESS = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "hello@convening.example"

PAGES = [
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": "What we keep about you, why, who can see it, and how to see, take away "
        "or delete it.",
        "body": """
<h2>What we keep</h2>
<ul>
<li>Your account: your email address and a scrambled form of your password (never the password itself).</li>
<li>Your profile: what you choose to tell the community (your name, role, organisation, sectors, interests, what you are open to), each part shown only to the people you chose.</li>
<li>What you do here: the practices you save or say you used, your replies to gatherings (with any access needs or questions, which only the gathering's hosts read), the stories you send in, your messages to other members, and what you write in circles.</li>
<li>The emails we sent you, so that we never send the same one twice.</li>
</ul>
<h2>Why</h2>
<p>To run the community you joined: to show your profile to the people you chose, to tell you about the gatherings and circles you signed up for, and to keep members safe. We do not sell or share your data, show advertising, or use tracking scripts or outside fonts.</p>
<h2>Who can see it</h2>
<p>Your profile's parts are seen by the people you chose for each. Circle reflections are sealed: only the circle's members read what is shared with the circle, and the site's staff cannot read them. Hosts see the replies, access needs and questions for the gatherings they host. Staff see reports made to them.</p>
<h2>Your rights</h2>
<p>You can download everything we hold about you at <a href="/me/data/">My data</a>, change or hide your profile at any time, and delete your account at <a href="/me/delete/">Delete my account</a>. A deleted account's personal data is erased; stories you chose to leave published stay, without your name if you ask.</p>
<p>Questions, or a complaint about how we use your data: see <a href="/contact/">Contact us</a>.</p>
""",
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "introduction": "The few rules that let a community of practice work: what you agree to "
        "when you join.",
        "body": """
<h2>Joining</h2>
<p>Anyone who brings people together to change how public systems work is welcome. One account per person, in your own name; keep your password to yourself and tell us if you think someone else has used your account.</p>
<h2>What you share</h2>
<p>What you write stays yours. By publishing a story, a practice note or a reply you let the community read and use it, with credit to you where the page shows authors. Do not share what is not yours to share: other people's personal stories, confidential material from your work, or anything said in a circle.</p>
<h2>How we behave</h2>
<p>Everyone here agrees to the <a href="/code-of-conduct/">code of conduct</a>. We may hide content or close an account that breaks it, and we will tell you why.</p>
<h2>The service</h2>
<p>We run this site for the community and do our best to keep it working and your data safe (see the <a href="/privacy/">privacy notice</a>). It is offered as it is; the practices and stories are members' experience, not professional advice.</p>
""",
    },
    {
        "slug": "code-of-conduct",
        "title": "Code of conduct",
        "introduction": "How we treat each other, how to report something that is wrong, and "
        "what happens next.",
        "body": """
<h2>What we expect</h2>
<ul>
<li>Assume good intent, and be curious about perspectives unlike your own: systems work needs them.</li>
<li>Respect confidentiality: what is said in a circle or a gathering stays there unless everyone agrees.</li>
<li>Credit others' work and stories, and ask before sharing them.</li>
<li>Make room: for people new to convening, for lived experience, for quieter voices.</li>
</ul>
<h2>What is not acceptable</h2>
<p>Harassment, discrimination, unwelcome contact, sharing someone's personal information, spam or selling, and using the community's contacts for purposes its members did not agree to.</p>
<h2>How to report</h2>
<p>On any member's profile, choose "Report this profile to the site's staff", or write to us (see <a href="/contact/">Contact us</a>). You can also block a member at once: neither of you will see the other, and they cannot write to you.</p>
<h2>What happens next</h2>
<p>Staff read every report within three working days. The person reported is not told who reported them. We may ask you for more, talk with the person, hide content, or close an account; we tell you what we did, as far as we can without sharing others' personal information. Nobody is penalised for a report made in good faith.</p>
""",
    },
    {
        "slug": "contact",
        "title": "Contact us",
        "introduction": "How to reach the people who run this community.",
        "body": f"""
<h2>Write to us</h2>
<p>Email <a href="mailto:{CONTACT_ADDRESS}">{CONTACT_ADDRESS}</a> with questions about the community, your account or your data. We answer within three working days.</p>
<h2>Something is wrong</h2>
<p>To report a member or something they wrote, use "Report" on their profile, so that staff see it with what they need; see the <a href="/code-of-conduct/">code of conduct</a> for what happens next.</p>
""",
    },
]


def create(apps, schema_editor):
    HomePage = apps.get_model("convening", "HomePage")
    home = HomePage.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return
    Page = apps.get_model("wagtailcore", "Page")
    StandardPage = apps.get_model("convening", "StandardPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="convening", model="standardpage")
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    for spec in PAGES:
        if children.filter(slug=spec["slug"]).exists():
            continue
        last = children.order_by("-path").first()
        next_step = int(last.path[-4:], 36) + 1 if last else 1
        body = [{"type": "text", "value": spec["body"].strip(), "id": str(uuid.uuid4())}]
        StandardPage.objects.create(
            title=spec["title"],
            draft_title=spec["title"],
            slug=spec["slug"],
            content_type=content_type,
            path=home.path + _encode(next_step),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{spec['slug']}/",
            live=True,
            locale_id=home.locale_id,
            introduction=spec["introduction"],
            body=json.dumps(body),
        )
        Page.objects.filter(pk=home.pk).update(numchild=children.count())


def _encode(number):
    # Wagtail's treebeard paths: four base-36 digits a level.
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


def remove(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    apps.get_model("convening", "StandardPage").objects.filter(
        depth=3, slug__in=[spec["slug"] for spec in PAGES]
    ).delete()
    for home in apps.get_model("convening", "HomePage").objects.filter(depth=2):
        Page.objects.filter(pk=home.pk).update(
            numchild=Page.objects.filter(path__startswith=home.path, depth=3).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("convening", "0002_create_home_page"),
        # After the other pages a migration puts under the home page, so paths do not clash.
        ("events", "0002_gatherings_index_and_hosts"),
        ("practices", "0005_library_sort_indexes"),
    ]

    operations = [migrations.RunPython(create, remove)]
