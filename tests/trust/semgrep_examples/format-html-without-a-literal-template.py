# ruff: noqa
# Examples of the semgrep rule format-html-without-a-literal-template.
from django.utils.html import format_html


def title_link(page):
    return format_html(f'<a href="{page.url}">{page.title}</a>')  # bad


def from_a_variable(template, value):
    return format_html(template, value)  # bad


def escaped(page):
    return format_html('<a href="{}">{}</a>', page.url, page.title)
