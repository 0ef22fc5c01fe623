"""The environment chooses where media lives and which CDN is told about published pages.

Each case loads the production settings in a fresh process with only the given variables, so
nothing here depends on what this process was started with; no network is used. These run in
the ordinary suite (`make test`); the optional S3 extra is needed only by the tests that say so.
"""

import importlib.util
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
S3_INSTALLED = bool(importlib.util.find_spec("storages") and importlib.util.find_spec("boto3"))
needs_s3_extra = pytest.mark.skipif(not S3_INSTALLED, reason="pip install -e '.[s3]'")
without_s3_extra = pytest.mark.skipif(S3_INSTALLED, reason="the s3 extra is installed here")

MEMBER_PICTURE_URL = "/practices/pictures/images/member-0123abcd.width-480.webp"

SHOW = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
media = storages["default"]
print(json.dumps({
    "media": settings.STORAGES["media"],
    "media_url": media.url("original_images/river.jpg"),
    "member_picture_url": media.url("images/member-0123abcd.width-480.webp"),
    "img_src": [str(s) for s in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]],
    "frontend_cache": settings.WAGTAILFRONTENDCACHE,
    "apps": settings.INSTALLED_APPS,
}))
"""


def settings_with(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "CLOUDFLARE_", "CLOUDFRONT_", "FRONTEND_CACHE_", "DJANGO_"))
        and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="convening_site.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def shown(result) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_media_stays_on_local_disk_by_default():
    found = shown(settings_with())
    assert found["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["media_url"] == "/media/original_images/river.jpg"
    assert found["member_picture_url"] == MEMBER_PICTURE_URL
    assert found["frontend_cache"] == {}
    assert "wagtail.contrib.frontend_cache" not in found["apps"]


@needs_s3_extra
def test_a_bucket_name_puts_media_on_s3_compatible_storage_with_plain_urls():
    found = shown(
        settings_with(
            AWS_STORAGE_BUCKET_NAME="convening-media",
            AWS_S3_ENDPOINT_URL="https://objects.example.net",
            AWS_S3_REGION_NAME="eu-west-2",
            AWS_ACCESS_KEY_ID="test-key",
            AWS_SECRET_ACCESS_KEY="test-secret",
        )
    )
    assert found["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["media"]["OPTIONS"]
    assert options["bucket_name"] == "convening-media"
    assert options["file_overwrite"] is False
    # Not signed: a cached page keeps working images after a signature would have expired.
    assert "Signature" not in found["media_url"]
    assert found["media_url"].startswith("https://")
    assert found["media_url"].endswith("/media/original_images/river.jpg")
    assert "objects.example.net" in found["media_url"]
    assert "https://objects.example.net" in found["img_src"]
    # Members' story pictures are never linked in the bucket: only the view that checks.
    assert found["member_picture_url"] == MEMBER_PICTURE_URL


@needs_s3_extra
def test_media_behind_a_cdn_domain_is_linked_there_and_allowed_by_the_csp():
    found = shown(
        settings_with(
            AWS_STORAGE_BUCKET_NAME="convening-media",
            AWS_S3_CUSTOM_DOMAIN="media.convening.example",
        )
    )
    assert found["media_url"] == "https://media.convening.example/media/original_images/river.jpg"
    assert "https://media.convening.example" in found["img_src"]


@without_s3_extra
def test_a_bucket_name_without_the_s3_extra_stops_start_up_saying_what_to_install():
    result = settings_with(AWS_STORAGE_BUCKET_NAME="convening-media")
    assert result.returncode == 1
    assert "AWS_STORAGE_BUCKET_NAME is set but django-storages and boto3" in result.stderr
    assert "pip install -e '.[s3]'" in result.stderr


def test_a_purging_proxy_turns_on_wagtails_front_end_cache_invalidation():
    found = shown(settings_with(FRONTEND_CACHE_URL="http://127.0.0.1:6081/"))
    assert found["frontend_cache"] == {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    assert "wagtail.contrib.frontend_cache" in found["apps"]


def test_cloudflare_needs_a_token_with_its_zone():
    result = settings_with(CLOUDFLARE_ZONE_ID="zone-1")
    assert result.returncode == 1
    assert "CLOUDFLARE_API_TOKEN" in result.stderr

    found = shown(settings_with(CLOUDFLARE_ZONE_ID="zone-1", CLOUDFLARE_API_TOKEN="token-1"))
    assert found["frontend_cache"]["cloudflare"]["ZONEID"] == "zone-1"
    assert "wagtail.contrib.frontend_cache" in found["apps"]
