"""What members write becomes HTML we can show: an allowlist, applied before anything is saved.

Wagtail's rich-text editor enforces its own allowlist for editors; our front-end forms do not go
through it, so everything a member submits passes through `clean_member_html` here.
"""

import re

import nh3
from django.utils.html import urlize

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_BLANK_LINES = re.compile(r"\n\s*\n")


def clean_member_html(text: str) -> str:
    """`text` with every tag, attribute and link scheme outside the allowlist removed (scripts
    and styles with their content), links marked `rel="nofollow noopener"`."""
    cleaned = nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    ).strip()
    # Line breaks in Wagtail's own form: its rich-text editor fails on nh3's `<br>` with a 500,
    # so an editor could not open a story that kept a member's line break. Text is escaped by
    # now, so "<br>" here is always the tag.
    return cleaned.replace("<br>", "<br/>")


def text_to_html(text: str) -> str:
    """Plain text typed into a form, as safe HTML: everything is escaped (what the member typed
    is shown, never run), paragraphs come from blank lines, single line breaks are kept, and web
    addresses become links. The result still goes through `clean_member_html`."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [urlize(line.strip(), nofollow=True, autoescape=True) for line in block.split("\n")]
        paragraphs.append("<p>" + "<br>".join(line for line in lines if line) + "</p>")
    return clean_member_html("".join(paragraphs))
