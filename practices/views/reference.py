"""Placeholder: being built."""

from django.http import Http404


def glossary(request, *args, **kwargs):
    raise Http404


def resources(request, *args, **kwargs):
    raise Http404
