"""Gunicorn's settings for every `gunicorn` started from this folder (the Procfile's `web`).

Gunicorn names itself in a `Server` header on every response and has no setting to stop it.
What software a site runs tells an attacker where to start, so the header names nothing: the
value is the module global that gunicorn's responses read when they are made.
"""

import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "web"
