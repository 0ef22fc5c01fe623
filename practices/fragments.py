"""Parts of the library's pages that are costly to work out and the same for every reader
(facet counts, "used in N stories", related practices, the newest stories...), kept in the
shared cache (Redis when REDIS_URL is set).

Every key carries the content generation (`convening_site.content_cache`), which any write to
content moves on (a page published, unpublished, moved or deleted, a view restriction, a facet,
tag, sector or concept edited, a member's use of a practice or profile), so the next reader
works them out afresh; old entries are simply never read again and expire.
Entries also expire after FRAGMENT_SECONDS.

Nothing that depends on who is reading goes in here unless the key says who: a member's
saved practices, their own use, the profiles they may see are worked out for each request.
Without a shared cache (no REDIS_URL), or if it is down, every part is worked out afresh.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from convening_site.content_cache import remember

FRAGMENT_SECONDS = 600

T = TypeVar("T")


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """The fragment `name` for `parts`, worked out by `compute()` when the cache has none for
    the current content. `compute` must return something that pickles and never depends on
    the viewer unless `parts` names them."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return remember(f"library:{name}:{digest}", compute, FRAGMENT_SECONDS)
