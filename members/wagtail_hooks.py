"""What the members app adds to the Wagtail admin: members, reports, and a count of open
reports on the dashboard; and, through the hooks `members` reads itself (README, "Extension
points: hooks"), its own panels on /me/ and in onboarding, digest section and data download."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from members import data_rights, digest, panels
from members.admin_views import MemberViewSet, ReportViewSet
from members.faces import face_of, initials_picture
from members.models import Profile, Report

report_viewset = ReportViewSet()


@hooks.register("register_admin_viewset")
def register_member_admin():
    return [MemberViewSet(), report_viewset]


class OpenReportsSummaryItem(SummaryItem):
    order = 150

    def is_shown(self):
        return self.request.user.has_perm("members.view_report")

    def render_html(self, parent_context=None):
        count = Report.objects.filter(status=Report.Status.OPEN).count()
        url = reverse(report_viewset.get_url_name("index")) + "?status=open"
        return format_html(
            '<li><svg class="icon icon-warning" aria-hidden="true">'
            '<use href="#icon-warning"></use></svg><a href="{}">{} open report{}</a></li>',
            url,
            count,
            "" if count == 1 else "s",
        )


@hooks.register("construct_homepage_summary_items")
def add_open_reports(request, summary_items):
    summary_items.append(OpenReportsSummaryItem(request))


@hooks.register("get_avatar_url")
def profile_picture_in_the_admin(user, size):
    """The admin shows the picture a member chose for their profile, through the view that
    asks the profile's own rule; without one, their initials on their colour, as on the site
    (never Gravatar: the CSP would block it, and it would tell Gravatar who is signed in)."""
    profile = Profile.objects.filter(user=user).only("slug", "display_name", "avatar").first()
    if profile is None:
        return None
    if profile.avatar:
        return reverse("members:avatar", kwargs={"slug": profile.slug})
    return initials_picture(face_of(profile, AnonymousUser()))


# The members app's own contributions to the hooks it reads. ---------------------------------

hooks.register("convening_dashboard_panels", panels.profile_panel)
hooks.register("convening_dashboard_panels", panels.people_like_you_panel)
hooks.register("convening_dashboard_panels", panels.messages_panel)
hooks.register("convening_onboarding_suggestions", panels.people_to_meet)
hooks.register("convening_digest_sections", digest.new_members_who_share_your_interests)


@hooks.register("convening_data_export")
def members_exports():
    return [
        data_rights.DataExport(
            "account",
            data_rights.export_account,
            "Your account: your email addresses and whether each is verified, when you joined "
            "and last signed in, your groups, and how you sign in (never your password).",
        ),
        data_rights.DataExport(
            "profile",
            data_rights.export_profile,
            "Your profile: every field, who may see each part, your sectors, interests and the "
            "boundaries you work across, and your email and reminder preferences.",
        ),
        data_rights.DataExport(
            "messages",
            data_rights.export_messages,
            "Messages you sent and received through the site, with the other member's name "
            "(never their email address).",
        ),
        data_rights.DataExport(
            "blocks", data_rights.export_blocks, "The members you have blocked."
        ),
        data_rights.DataExport(
            "reports",
            data_rights.export_reports,
            "The reports you made to the site's staff, and where each one stands.",
        ),
        data_rights.DataExport(
            "notifications",
            data_rights.export_notifications,
            "The emails the site sent you: subject, kind and dates.",
        ),
    ]


@hooks.register("convening_data_export_files")
def members_export_files():
    return [data_rights.DataExportFiles(data_rights.export_avatars, "Your profile picture.")]
