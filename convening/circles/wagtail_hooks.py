"""What circles add to the other apps' pages and processes, through the hooks those apps read
(README, "Extension points: hooks"): a member's circles, commitments and reflections on /me/
and in their data download, and circle sessions in calendar feeds and reminders."""

from wagtail import hooks

from members.data_rights import DataExport

from . import calendar_items, commitment_panels, panels, reflection_data, session_notices

hooks.register("convening_dashboard_panels", panels.my_circles_panel)
hooks.register("convening_profile_sections", panels.circles_we_share)
hooks.register("convening_dashboard_panels", commitment_panels.commitments_panel)
hooks.register("convening_dashboard_panels", reflection_data.my_reflections_panel)
hooks.register("convening_erasure", reflection_data.forget_words_emailed_to_others)
hooks.register("convening_calendar_items", calendar_items.circle_sessions)
hooks.register("convening_reminders", session_notices.send_session_reminders)


@hooks.register("convening_data_export")
def circle_exports():
    return [
        DataExport(
            "circle_memberships",
            panels.export_memberships,
            "The circles you joined, asked to join or were invited to, with your answers to "
            "their questions.",
        ),
        DataExport(
            "reflections",
            reflection_data.export_reflections,
            "Your reflections, with who could read each and how many replies each had.",
        ),
        DataExport(
            "reflection_replies", reflection_data.export_replies, "Your replies to reflections."
        ),
        DataExport(
            "commitments",
            reflection_data.export_commitments,
            "What you said you would do after circle sessions, and how it went.",
        ),
    ]
