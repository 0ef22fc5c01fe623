"""Placeholder: being built."""

from django.http import Http404


def where_to_start(request, *args, **kwargs):
    raise Http404
