# ruff: noqa
# Examples of the semgrep rule random-module-for-secrets.
import random  # bad
import secrets
import string


def invitation_token():
    return "".join(random.choice(string.ascii_letters) for _ in range(32))  # bad


def good_token():
    return secrets.token_urlsafe(32)
