from django.conf import settings
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from convening.shared.admin_pages import PageChooserSeen, SiteHistorySeen

from .styleguide import styleguide
from .views import admin_login, healthz, robots_txt, server_error, tag_autocomplete

urlpatterns = [
    # One login form for everyone: the admin's own would be a second, unthrottled way in.
    path("admin/login/", admin_login, name="admin_login"),
    # Only public tags are offered (site/views.py); before the admin's own, so they win.
    path("admin/tag-autocomplete/", tag_autocomplete, name="tag_autocomplete"),
    path(
        "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/",
        tag_autocomplete,
        name="tag_autocomplete_of_a_model",
    ),
    # Only the pages a person may see (convening/shared/admin_pages.py): before the admin's own
    # views at these addresses, so they win.
    *[
        path(f"admin/{route}", never_cache(require_admin_access(view)), name=name)
        for route, view, name in [
            ("choose-page/", PageChooserSeen.as_view(), "choose_page_seen"),
            (
                "choose-page/<int:parent_page_id>/",
                PageChooserSeen.as_view(),
                "choose_page_seen_child",
            ),
            ("reports/site-history/", SiteHistorySeen.as_view(), "site_history_seen"),
            (
                "reports/site-history/results/",
                SiteHistorySeen.as_view(results_only=True),
                "site_history_seen_results",
            ),
        ]
    ],
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("practices.urls")),
    path("", include("events.urls")),
    path("", include("convening.circles.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # For load balancers: the database and the cache answer (docs/scaling.md, "Health checks").
    path("healthz", healthz, name="healthz"),
    # The UI components (README, "UI components"): answers 404 unless DEBUG is on.
    path("styleguide/", styleguide, name="styleguide"),
]

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Wagtail serves every other path from the page tree, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler500 = server_error
