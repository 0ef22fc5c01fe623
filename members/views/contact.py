"""Placeholder: being built."""

from django.http import Http404


def contact_member(request, *args, **kwargs):
    raise Http404


def messages_received(request, *args, **kwargs):
    raise Http404


def reply(request, *args, **kwargs):
    raise Http404
