# ruff: noqa
# Examples of the semgrep rule mark-safe-on-a-variable: each line marked "bad" must be found.
from django.utils.safestring import SafeString, mark_safe


def bio_html(profile):
    return mark_safe(profile.bio)  # bad


def greeting(name):
    return mark_safe(f"<p>Hello {name}</p>")  # bad


def wrapped(text):
    return SafeString(text)  # bad


def fixed_markup():
    return mark_safe("<hr>")
