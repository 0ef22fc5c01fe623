"""Circles, sessions, reflections and the portfolio: plain views, never Wagtail pages, so that
no search index, sitemap, feed or admin listing can reach them."""

from django.urls import path

from .views import circles, facilitation, portfolio, reflections, sessions

app_name = "circles"

urlpatterns = [
    # Circles.
    path("circles/", circles.circle_list, name="circles"),
    path("circles/new/", facilitation.start_circle, name="start_circle"),
    path("circles/reflections/<id:pk>/", reflections.reflection, name="reflection"),
    path("circles/reflections/<id:pk>/edit/", reflections.edit_reflection, name="edit_reflection"),
    path(
        "circles/reflections/<id:pk>/delete/",
        reflections.delete_reflection,
        name="delete_reflection",
    ),
    path("circles/reflections/<id:pk>/reply/", reflections.reply, name="reply"),
    path("circles/<slug:slug>/", circles.circle, name="circle"),
    path("circles/<slug:slug>/join/", circles.join, name="join"),
    path("circles/<slug:slug>/agree/", circles.agree, name="agree"),
    path("circles/<slug:slug>/leave/", circles.leave, name="leave"),
    path("circles/<slug:slug>/invitation/", circles.answer_invitation, name="answer_invitation"),
    # Facilitators.
    path("circles/<slug:slug>/facilitate/", facilitation.facilitate, name="facilitate"),
    path("circles/<slug:slug>/edit/", facilitation.edit_circle, name="edit_circle"),
    path(
        "circles/<slug:slug>/requests/<id:pk>/<str:decision>/",
        facilitation.decide_request,
        name="decide_request",
    ),
    path("circles/<slug:slug>/invite/", facilitation.invite, name="invite"),
    path("circles/<slug:slug>/members/<id:pk>/remove/", facilitation.remove, name="remove"),
    path(
        "circles/<slug:slug>/members/<id:pk>/facilitator/",
        facilitation.make_facilitator,
        name="make_facilitator",
    ),
    path("circles/<slug:slug>/status/", facilitation.change_status, name="change_status"),
    # Sessions.
    path("circles/<slug:slug>/sessions/new/", sessions.schedule, name="schedule_sessions"),
    path("circles/<slug:slug>/sessions/<id:number>/", sessions.session, name="session"),
    path(
        "circles/<slug:slug>/sessions/<id:number>/edit/",
        sessions.edit_session,
        name="edit_session",
    ),
    path(
        "circles/<slug:slug>/sessions/<id:number>/join/",
        sessions.join_session,
        name="join_session",
    ),
    # The member's own reflections, commitments and portfolio.
    path("me/reflections/", reflections.my_reflections, name="my_reflections"),
    path("me/reflections/new/", reflections.write_reflection, name="write_reflection"),
    path("me/commitments/<id:pk>/", reflections.commitment_outcome, name="commitment_outcome"),
    path("me/portfolio/", portfolio.portfolio, name="portfolio"),
    path("me/portfolio/export/", portfolio.export, name="export_portfolio"),
]
