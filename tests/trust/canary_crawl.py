"""A bounded, read-only crawl of the site as one persona, for the canary tests (#8, section 2).

Breadth first from the home page and a list of seed addresses, following same-site links (href,
src, action-less forms are not submitted), GET only, never a link that ends something (sign
out, leave, delete...). Every answer is kept as a `Document` (the body for text, and the
Location of a redirect, which can carry a secret address too).
"""

import io
import re
import zipfile
from collections import deque
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core import mail

_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)
# Links whose GET might end or change something, or that only lead out of the crawl's reach.
_SKIP = re.compile(
    r"logout|sign-?out|/delete|/leave|/remove|unsubscribe|/block|/unblock|/unpublish|/lock/|"
    r"/unlock/|/revert/|/copy/|/move/|convert_alias|/workflow/|deactivate|reactivate|"
    r"/unschedule/|/sessions/end|/static/|/media/|/documents/\d|favicon|\.(?:css|js|png|jpe?g|"
    r"webp|gif|svg|ico|woff2?)(?:\?|$)",
    re.IGNORECASE,
)
_TEXT_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss",
    "application/atom",
)


@dataclass
class Document:
    persona: str
    where: str  # the address fetched, or "email: <subject>"
    status: int
    text: str


def fetch(client, persona, url) -> Document:
    response = client.get(url)
    kind = response.get("Content-Type", "")
    text = ""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if any(kind.startswith(t) for t in _TEXT_TYPES) or "calendar" in kind or "csv" in kind:
        text = body.decode("utf-8", "replace")
    elif "zip" in kind:
        # A data download: every file in it.
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            text = "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    location = response.get("Location", "")
    if location:
        text = f"Location: {location}\n{text}"
    return Document(persona, url, response.status_code, text)


def links_in(document: Document) -> list[str]:
    found = []
    for raw in _LINK.findall(document.text):
        url = urldefrag(urljoin(document.where, raw.replace("&amp;", "&")))[0]
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver", "localhost"):
            continue
        path = parts.path
        if not path.startswith("/") or _SKIP.search(path):
            continue
        # Query strings (filters, sorting, pages of a listing) multiply addresses without
        # showing anything new; searches are asked for explicitly among the seeds.
        found.append(path)
    if document.text.startswith("Location: "):
        target = document.text.split("\n", 1)[0][len("Location: ") :]
        parts = urlsplit(urljoin(document.where, target))
        if parts.netloc in ("", "testserver") and not _SKIP.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, persona, seeds, *, limit, admin_limit) -> list[Document]:
    """Fetch every seed, then follow links breadth first until `limit` site pages and
    `admin_limit` admin pages have been fetched."""
    queue = deque(seeds)
    seen = set()
    documents = []
    counts = {"site": 0, "admin": 0}
    budget = {"site": limit + len(seeds), "admin": admin_limit}
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        area = "admin" if url.startswith("/admin/") else "site"
        if counts[area] >= budget[area]:
            continue
        seen.add(url)
        counts[area] += 1
        document = fetch(client, persona, url)
        documents.append(document)
        for link in links_in(document):
            if link not in seen:
                queue.append(link)
    return documents


def emails_sent() -> list:
    """Each email in mail.outbox as (recipients, subject and every part's text)."""
    out = []
    for message in mail.outbox:
        parts = [message.subject, message.body]
        parts += [content for content, _type in getattr(message, "alternatives", [])]
        for attachment in message.attachments:
            content = attachment[1] if isinstance(attachment, tuple) else attachment.get_payload()
            parts.append(content.decode() if isinstance(content, bytes) else str(content))
        recipients = [*message.to, *message.cc, *message.bcc]
        out.append((recipients, message.subject, "\n".join(str(part) for part in parts)))
    return out
