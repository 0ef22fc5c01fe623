"""Counting a page's queries the way every query-budget test does."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> tuple[int, str]:
    """The queries of a second request for `url`, and the page: the first request fills the
    shared caches (site, navigation, routing), so what is counted is the steady cost."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def queries_for(client, url) -> int:
    return count_queries(client, url)[0]
