"""Placeholder: being built."""

from django.http import Http404


def block_member(request, *args, **kwargs):
    raise Http404


def unblock_member(request, *args, **kwargs):
    raise Http404


def report_member(request, *args, **kwargs):
    raise Http404
