from wagtail import blocks


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(max_length=1500)
    minutes = blocks.IntegerBlock(required=False, min_value=0, max_value=600)
    group_configuration = blocks.CharBlock(
        required=False, max_length=80, help_text="e.g. alone, pairs, groups of 4, whole group"
    )
    output = blocks.CharBlock(required=False, max_length=120, help_text="What this step produces.")

    class Meta:
        icon = "list-ol"


class PhaseBlock(blocks.StructBlock):
    """A named phase of a practice with its steps; a short practice has a single phase."""

    title = blocks.CharBlock(max_length=120)
    steps = blocks.ListBlock(StepBlock())

    class Meta:
        icon = "list-ul"
        template = "blocks/practice_phase.html"


class PracticeStepsBlock(blocks.StreamBlock):
    phase = PhaseBlock()
