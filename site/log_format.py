"""One JSON object a line, for log collectors that read fields rather than text (LOG_FORMAT=json).

Each line has the time (UTC, ISO 8601), the level, the logger's name and the message; a record
that Django logs about a request also has its path and status (django.request gives both,
runserver's django.server the status). The standard library's Formatter is all it takes, so no
library is added for it.

The loggers that print paths keep their RedactSecretLinks filter (settings.LOGGING), which
rewrites the message; the path field and a traceback are text the filter never sees, so the
secret part of a secret link is taken out of every field here as well.
"""

import json
import logging
from datetime import UTC, datetime

from convening.shared.log_redaction import redact


class JsonLines(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        # django.request passes the HttpRequest; runserver passes its socket, which has no path.
        path = getattr(getattr(record, "request", None), "path", None)
        if isinstance(path, str):
            entry["path"] = redact(path)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        # default=str: a message built from an object that JSON cannot write is still one line.
        return json.dumps(entry, ensure_ascii=False, default=str)
