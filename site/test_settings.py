"""Settings for the test suite: the real settings, with fast and isolated parts swapped in."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from .settings import *  # noqa: F403

# Tasks run at once, inside the test, so their effects can be asserted.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process, so the local cache is shared by everything in it: cached sessions run as in
# production; every test starts with an empty cache (tests/conftest.py). The page cache is off
# but for the tests that turn it on (the `page_cache` fixture), so that other tests see each
# request's own page; Wagtail's frontend cache app is installed for them, with no backend.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE_SECONDS = 0
if "wagtail.contrib.frontend_cache" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "convening.shared.storage.MediaWithPrivatePictures"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="convening-test-private-media-")},
    },
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="convening-test-media-")
SECURE_SSL_REDIRECT = False

# Every task logs twice at INFO when it runs; in tests that is noise around failures.
LOGGING["loggers"]["django_tasks"] = {"level": "WARNING"}  # noqa: F405
