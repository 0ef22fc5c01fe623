# ruff: noqa
# Examples of the semgrep rule raw-sql-built-from-strings.
from django.db import connection
from django.db.models.expressions import RawSQL

from members.models import Profile


def by_name(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM members_profile WHERE display_name = '{name}'")  # bad
        cursor.execute("SELECT id FROM members_profile WHERE display_name = '%s'" % name)  # bad
        cursor.execute("SELECT id FROM members_profile WHERE slug = '{}'".format(name))  # bad
        cursor.execute("SELECT id FROM members_profile WHERE display_name = %s", [name])
    found = Profile.objects.raw(f"SELECT * FROM members_profile WHERE slug = '{name}'")  # bad
    counted = Profile.objects.annotate(n=RawSQL(f"SELECT {name}", []))  # bad
    extra = Profile.objects.extra(where=["display_name = %s"], params=[name])  # bad
    safe = Profile.objects.raw("SELECT * FROM members_profile WHERE slug = %s", [name])
    return found, counted, extra, safe
