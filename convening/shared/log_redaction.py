"""Secret links never reach the logs.

Some addresses are themselves the secret: an invitation, a calendar feed, an email confirmation,
a password reset, a join link, an unsubscribe link. Django logs the path of every 4xx and 5xx
answer ("Not Found: /accounts/confirm-email/<key>/") and of each CSRF refusal, and runserver
(`make run`) the request line of every request; this filter, set on those loggers in
settings.LOGGING, replaces the secret part of such paths before any handler sees the record.
(Views that serve these addresses also mark their own answers as logged already; this catches
what they cannot, such as a used confirmation link or a 403.)
"""

import logging
import re

REDACTED = "[secret]"

_SECRET_PATHS = re.compile(
    r"(?P<prefix>/(?:gatherings/invitation|gatherings/calendar|gatherings/join|"
    r"accounts/confirm-email|accounts/password/reset/key|members/unsubscribe)/)"
    r"(?P<secret>[^/\s'\"?#]+?)(?P<suffix>\.ics)?(?=[/\s'\"?#]|$)"
)


def redact(text: str) -> str:
    """`text` with the secret part of each secret link replaced by REDACTED."""
    return _SECRET_PATHS.sub(
        lambda found: found["prefix"] + REDACTED + (found["suffix"] or ""), text
    )


class RedactSecretLinks(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
