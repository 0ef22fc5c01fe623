"""Member and host actions beside the gathering pages. /gatherings/ itself and each gathering
are Wagtail pages (`EventIndexPage`, `EventPage`); these routes sit beside them."""

from django.urls import path

from .views import calendar, harvest, host, invitations, needs, rsvp

app_name = "events"

urlpatterns = [
    # Replies.
    path("gatherings/<id:pk>/reply/", rsvp.reply, name="reply"),
    path("gatherings/<id:pk>/regular/", rsvp.regular, name="regular"),
    path("gatherings/join/<str:token>/", rsvp.join, name="join"),
    # Calendars.
    path("gatherings/calendar.ics", calendar.public_calendar, name="public_calendar"),
    path("gatherings/<id:pk>/calendar.ics", calendar.gathering_ics, name="gathering_ics"),
    path("gatherings/calendar/<str:token>.ics", calendar.personal_feed, name="personal_feed"),
    path("me/calendar/", calendar.manage_feed, name="manage_feed"),
    # The member's own access and hospitality needs, reused at each reply.
    path("me/access-needs/", needs.edit_access_needs, name="access_needs"),
    # Invitations, for the person invited.
    path("gatherings/invitation/<str:token>/", invitations.invitation, name="invitation"),
    path("gatherings/invitation/<str:token>/propose/", invitations.propose, name="propose"),
    # Hosts.
    path("gatherings/<id:pk>/host/", host.host_view, name="host"),
    path("gatherings/<id:pk>/host/attendees.csv", host.attendees_csv, name="attendees_csv"),
    path("gatherings/<id:pk>/host/invite/", invitations.invite, name="invite"),
    path(
        "gatherings/<id:pk>/host/invitations/<id:invitation_pk>/resend/",
        invitations.resend,
        name="resend",
    ),
    path(
        "gatherings/<id:pk>/host/proposals/<id:invitation_pk>/<str:decision>/",
        invitations.decide_proposal,
        name="decide_proposal",
    ),
    path(
        "gatherings/<id:pk>/host/ask-for-feedback/", harvest.ask_for_feedback, name="ask_feedback"
    ),
    # After the gathering.
    path("gatherings/<id:pk>/feedback/", harvest.feedback, name="feedback"),
]
