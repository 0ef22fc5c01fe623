import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convening_site.settings")

from convening_site.startup import load_settings

load_settings()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
