"""Placeholder: being built."""

from django.http import Http404


def save_practice(request, *args, **kwargs):
    raise Http404


def unsave_practice(request, *args, **kwargs):
    raise Http404


def record_use(request, *args, **kwargs):
    raise Http404
