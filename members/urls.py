from django.urls import path

from .views import (
    contact,
    dashboard,
    data_rights,
    directory,
    onboarding,
    preferences,
    profiles,
    two_factor,
)
from .views import safety as safety_views

app_name = "members"

urlpatterns = [
    # The directory and other members' profiles.
    path("members/", directory.directory, name="directory"),
    path("members/unsubscribe/<str:token>/", preferences.unsubscribe, name="unsubscribe"),
    path("members/<slug:slug>/", profiles.profile, name="profile"),
    path("members/<slug:slug>/picture/", profiles.avatar, name="avatar"),
    path("members/<slug:slug>/contact/", contact.contact_member, name="contact"),
    path("members/<slug:slug>/block/", safety_views.block_member, name="block"),
    path("members/<slug:slug>/unblock/", safety_views.unblock_member, name="unblock"),
    path("members/<slug:slug>/report/", safety_views.report_member, name="report"),
    # The member's own space.
    path("me/", dashboard.dashboard, name="dashboard"),
    path("me/welcome/", onboarding.welcome, name="welcome"),
    path("me/profile/", profiles.edit_profile, name="edit_profile"),
    path("me/profile/preview/", profiles.preview_profile, name="preview_profile"),
    path("me/messages/", contact.messages_received, name="messages"),
    path("me/messages/<id:pk>/reply/", contact.reply, name="reply"),
    path("me/blocked/", safety_views.blocked_members, name="blocked"),
    path("me/two-factor/", two_factor.start, name="two_factor"),
    path("me/two-factor/<str:token>/", two_factor.confirm, name="two_factor_confirm"),
    path("me/email/", preferences.email_preferences, name="email_preferences"),
    path("me/data/", data_rights.data_rights, name="data_rights"),
    path("me/data/download/", data_rights.download_data, name="download_data"),
    path("me/delete/", data_rights.delete_account, name="delete_account"),
]
