"""`verified_member_required`: allauth's `verified_email_required`, without asking the database
twice a request.

allauth's decorator asks whether the address is verified, then the page asks again through
`is_verified_member` (the visibility rules all start with it). This one asks through
`is_verified_member`, which keeps the answer on the user for the rest of the request, and hands
anyone else to allauth's decorator, which signs them in or sends the verification email."""

from functools import wraps

from allauth.account.decorators import verified_email_required

from .models import is_verified_member


def verified_member_required(view):
    refused = verified_email_required(view)

    @wraps(view)
    def checked(request, *args, **kwargs):
        if is_verified_member(request.user):
            return view(request, *args, **kwargs)
        return refused(request, *args, **kwargs)

    return checked
