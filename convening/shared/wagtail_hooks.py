"""Every app's rule of which pages a person sees in the admin (`convening_admin_pages`), applied
to the explorer, the page chooser, the admin API and every view of one page
(convening/shared/admin_pages.py)."""

from wagtail import hooks

from .admin_pages import PagesSeenAPI, PagesSeenInAdmin, seen_in_admin


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_pages_seen(parent_page, pages, request):
    return seen_in_admin(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def chooser_offers_pages_seen(pages, request):
    return seen_in_admin(pages, request.user)


@hooks.register("construct_admin_api")
def admin_api_answers_with_pages_seen(router):
    router.register_endpoint("pages", PagesSeenAPI)


pages_seen_in_admin = PagesSeenInAdmin()


@hooks.register("register_admin_viewset")
def views_of_a_page_seen():
    return pages_seen_in_admin
