"""Settings for Convening, read from the environment.

Every variable is listed in the README's table. Defaults are the safe ones: DEBUG off, secure
cookies and HSTS on, no secret in git. `make run` turns DEBUG on for the local demo.
"""

import importlib.util
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), or set DEBUG=true '
            "for local development."
        )
    SECRET_KEY = "local-development-only-never-used-with-debug-off"  # noqa: S105 (DEBUG only)

SITE_URL = env_url("SITE_URL", "http://localhost:8000")
_site_host = urlsplit(SITE_URL).hostname or "localhost"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [_site_host, "localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    # Our apps, lowest first: shared belongs to no domain and every app may use it; members
    # depends on nothing else of ours; the home pages (convening) and circles may use all.
    "convening.shared",
    "members",
    "practices",
    "events",
    "convening",
    "convening.circles",
    # Accounts: email sign-in, verification, one-time codes, two-factor authentication.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Wagtail
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background tasks stored in the database (Procfile `worker:` runs db_worker).
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's own widget templates, for the form renderer below (TemplatesSetting).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for visitors, with PAGE_CACHE_SECONDS (site/page_cache.py): stored on the way
    # out, after every other middleware; served just inside WhiteNoise, before them.
    "convening_site.page_cache.StorePageForVisitors",
    "convening_site.page_cache.FetchPageForVisitors",
    "convening_site.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "convening_site.page_cache.PrivateForMembers",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A lock that did not come in time becomes a "busy, try again" page (503), never a 500.
    "convening.shared.locking.BusyMiddleware",
    "members.middleware.StaffTwoFactorMiddleware",
    "members.middleware.ViewerTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # No CSV leaves with a cell a spreadsheet would run as a formula, Wagtail's exports included.
    "convening.shared.spreadsheets.SpreadsheetSafeCsv",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "convening_site.urls"
WSGI_APPLICATION = "convening_site.wsgi.application"

# Every form of the site drawn through one field template, with an error summary (site/forms.py).
FORM_RENDERER = "convening_site.forms.SiteFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "convening_site.context_processors.site_meta",
            ],
        },
    },
]

# The embedded SQLite file is the default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; IMMEDIATE transactions take
    # the write lock up front, so concurrent writers wait instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# How long any statement waits for another transaction's lock before giving up: the services
# turn that into "busy, please try again", and anything else into the 503 page of
# convening.shared.locking.BusyMiddleware, never a request that hangs.
LOCK_TIMEOUT_MS = env_int("LOCK_TIMEOUT_MS", 5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c lock_timeout={LOCK_TIMEOUT_MS}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# At least 12 characters and not a common password; no composition rules (NIST SP 800-63B).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/me/"

# django-allauth: email addresses only, verified before anything else works.
ACCOUNT_ADAPTER = "members.allauth_adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Holds only because verification is mandatory: a sign-up with a taken address looks the same.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Convening] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupDetailsForm"
ACCOUNT_FORMS = {"signup": "members.forms_signup.SignupForm"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits (on by default) count in the default cache: set REDIS_URL when running
# more than one process, or each process keeps its own count and the limit multiplies.
# Behind a proxy, set ALLAUTH_TRUSTED_PROXY_COUNT to the number of proxies in front, so that
# limits count the client's address and not the proxy's (and a forged header is not trusted).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Convening"
# Editors and superusers set up two-factor authentication before they reach /admin/.
STAFF_MUST_USE_TWO_FACTOR = env_bool("STAFF_MUST_USE_TWO_FACTOR", True)

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, with one answer changed for allauth (site/redis_cache.py).
            "BACKEND": "convening_site.redis_cache.RedisCacheTheSiteCanLiveWithout",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis that has gone away costs a page a fraction of a second, not a hang...
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                # ...and the site carries on without it: reads miss, writes are dropped.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for visitors and sessions read through the cache need a cache that every web
# process shares: with a cache of its own, one process could serve a page or a session that
# another has already changed or ended. So they are on only with Redis.
# How long a whole page for visitors who are not signed in may be served before it is made again
# even if nothing purged it (site/page_cache.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Background tasks wait in the database for `manage.py db_worker` (the Procfile's worker). The
# local demo runs no worker, so `make run` sets TASKS_IMMEDIATE to run each task at once.
if env_bool("TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "en-gb"
# Datetimes are stored in UTC; this zone is what visitors without a profile zone see.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded files served by Django itself: for the local demo and the benchmark. Production keeps
# media on object storage (docs/scaling.md) or behind the web server.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    # Every upload goes through "default", which sends members' story pictures to "private" and
    # everything else to "media" (convening/shared/storage.py).
    "default": {"BACKEND": "convening.shared.storage.MediaWithPrivatePictures"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files with far-future caching; needs `collectstatic` (run at build time).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Pictures members show only to some people (avatars, story pictures): outside MEDIA_ROOT,
    # so neither the web server nor SERVE_MEDIA hands them out; only views that check who may
    # see them do.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media"))},
    },
}

# Uploaded images and documents: on this machine's disk (MEDIA_ROOT) by default; on S3-compatible
# object storage when AWS_STORAGE_BUCKET_NAME is set, so that every web machine reads and writes
# the same files (docs/scaling.md). Credentials come from boto3's own variables
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role. Needs the `s3` extra.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
MEDIA_ORIGINS = []  # where media is served from, if not from this site: allowed by the CSP
if AWS_STORAGE_BUCKET_NAME:
    if not (importlib.util.find_spec("storages") and importlib.util.find_spec("boto3")):
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set but django-storages and boto3 are not installed: "
            "pip install -e '.[s3]'."
        )
    _s3_endpoint = env_str("AWS_S3_ENDPOINT_URL")  # another provider's, e.g. MinIO's or R2's
    _s3_domain = env_str("AWS_S3_CUSTOM_DOMAIN")  # the CDN's host name for media, if any
    _s3_region = env_str("AWS_S3_REGION_NAME")
    STORAGES["media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint or None,
            "region_name": _s3_region or None,
            "custom_domain": _s3_domain or None,
            "location": env_str("AWS_LOCATION", "media"),
            # Two uploads with the same name must not replace each other's file.
            "file_overwrite": False,
            # Plain URLs, not signed ones that expire: pages holding them are cached.
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    # Private pictures in the same bucket, under their own prefix, never public: the view that
    # checks who may see one reads it from the bucket and sends it itself.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["media"]["OPTIONS"],
            "location": env_str("AWS_PRIVATE_LOCATION", "private-media"),
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
            "object_parameters": {"CacheControl": "private, no-cache"},
        },
    }
    if _s3_domain:
        MEDIA_ORIGINS = [f"https://{_s3_domain.split('/')[0]}"]
    elif _s3_endpoint:
        _host = urlsplit(_s3_endpoint).netloc
        MEDIA_ORIGINS = [f"{urlsplit(_s3_endpoint).scheme}://{_host}", f"https://*.{_host}"]
    else:
        _aws = f"{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
        MEDIA_ORIGINS = [f"https://{_aws}"]
        if _s3_region:
            MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_s3_region}.amazonaws.com")

# Email, under Django's own names.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Convening <hello@convening.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security: on unless DEBUG. SECURE_SSL_REDIRECT can be turned off where TLS ends at a proxy
# that already redirects; SECURE_PROXY_SSL_HEADER must only be set behind such a proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer may probe over plain http, inside its own network: /healthz answers it there
# rather than redirecting it (the answer holds nothing but "ok" or which part failed).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy for the public site: nothing inline, nothing from elsewhere.
# The Wagtail admin (/admin/) gets a looser policy in convening_site/csp.py, because its editor
# relies on inline styles and scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# LOG_FORMAT=json writes one JSON object a line (site/log_format.py) for log collectors; the
# default is plain text for people reading a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {env_str('LOG_FORMAT')!r}.")
_json = {"formatter": "json"} if LOG_FORMAT == "json" else {}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "convening_site.log_format.JsonLines"},
        # Django's own format for runserver's request lines, as it was before we configured it.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", **_json},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "django.server",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Paths logged for 4xx, 5xx and CSRF refusals lose the secret of secret links.
    "filters": {"secret_links": {"()": "convening.shared.log_redaction.RedactSecretLinks"}},
    "loggers": {
        # Wagtail logs every page edit at INFO; the admin's history already records those.
        "wagtail": {"level": "WARNING"},
        # The template engine logs each missing variable at DEBUG with the whole context, the
        # request's path included: on an invitation or calendar page that is a secret link.
        "django.template": {"level": "INFO"},
        "django.request": {"filters": ["secret_links"]},
        "django.security.csrf": {"filters": ["secret_links"]},
        # runserver (`make run`) logs every request line, "GET /gatherings/invitation/<token>/";
        # Django's default sets this logger up with a handler of its own and no filter, so it is
        # set up again here, the same but for the filter.
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["secret_links"],
        },
    },
}
if LOG_FORMAT == "json":
    # Django gives its "django" logger a handler of its own that prints plain text under DEBUG
    # (beside the root's, which prints the same record again); in JSON every line is one object.
    LOGGING["loggers"]["django"] = {"handlers": [], "level": "INFO"}
if env_bool("TASKS_IMMEDIATE", False):
    # Tasks run inside the request or command that queued them: a line for each would bury
    # what `make run` prints (the demo accounts, emails sent to the console).
    LOGGING["loggers"]["django_tasks"] = {"level": "WARNING"}

# Tags are typed as phrases ("health and housing"), so only commas separate them.
TAGGIT_TAGS_FROM_STRING = "convening.shared.tags.comma_separated_tags"
TAGGIT_STRING_FROM_TAGS = "convening.shared.tags.join_tags"

# Wagtail
WAGTAIL_SITE_NAME = "Convening"
WAGTAILADMIN_BASE_URL = SITE_URL
# The admin signs people in through allauth's rate-limited login, not a second form of its own.
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# An address or password changes only through allauth's verified, rate-limited pages
# (/accounts/email/, /accounts/password/change/), never through the admin's account page.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    # Full-text search in the database: PostgreSQL's on PostgreSQL, FTS5 on SQLite.
    # Words are read by their English stem, so "communities" finds what "community" finds:
    # PostgreSQL's English configuration here (whatever the server's default is), the Porter
    # stemmer on SQLite (practices/migrations/0006). After changing it, run update_index.
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# Refused before decoding: a small file can declare a huge picture (a "pixel bomb").
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Editors' uploads get a random file name and lose their location data (convening.shared.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "convening.shared.uploads.EditorImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin would send each editor's address hash to a third party, and the CSP
# blocks it anyway. Members' own pictures come through the `get_avatar_url` hook (members).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Page editors can exceed Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Where a change purges the pages it shows on (site/page_cache.py): Wagtail purges a page's
# addresses each time it is published or unpublished, and our apps the pages a change of
# theirs shows on, through a background task (so `db_worker` must run). The page cache is one
# backend; a CDN or caching proxy in front of the web machines (docs/scaling.md) is another,
# any of:
#   FRONTEND_CACHE_URL: a proxy that accepts HTTP PURGE requests (Varnish, nginx, Fastly-style);
#   CLOUDFLARE_ZONE_ID with CLOUDFLARE_API_TOKEN;
#   CLOUDFRONT_DISTRIBUTION_ID (boto3, from the `s3` extra, with the AWS_* credentials).
WAGTAILFRONTENDCACHE = {}
if PAGE_CACHE_SECONDS:
    WAGTAILFRONTENDCACHE["pages"] = {"BACKEND": "convening_site.page_cache.PageCacheBackend"}
if env_str("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_url("FRONTEND_CACHE_URL", ""),
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    if not env_str("CLOUDFLARE_API_TOKEN"):
        raise ImproperlyConfigured(
            "CLOUDFLARE_ZONE_ID is set but CLOUDFLARE_API_TOKEN is not: set an API token "
            "allowed to purge the zone's cache."
        )
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    if not importlib.util.find_spec("boto3"):
        raise ImproperlyConfigured(
            "CLOUDFRONT_DISTRIBUTION_ID is set but boto3 is not installed: pip install -e '.[s3]'."
        )
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if WAGTAILFRONTENDCACHE:
    # Only then: installed without a cache to purge, it would queue a task on every publish.
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
