"""What circles add to the other apps' pages and processes, through the hooks those apps read
(README, "Extension points: hooks"): a member's circles, commitments and reflections on /me/."""

from wagtail import hooks

from . import commitment_panels, panels, reflection_data

hooks.register("convening_dashboard_panels", panels.my_circles_panel)
hooks.register("convening_dashboard_panels", commitment_panels.commitments_panel)
hooks.register("convening_dashboard_panels", reflection_data.my_reflections_panel)
