from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    """One part of a gathering's agenda, naming the practice it uses when there is one. The
    gathering's page shows its parts through `events.reading.agenda_of`, which names a
    practice only while everyone may read it, asked once for the whole agenda."""

    time = blocks.CharBlock(required=False, max_length=20, help_text="e.g. 11:00, or 20 minutes")
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False, max_length=1000)
    practice = blocks.PageChooserBlock(
        page_type="practices.PracticePage",
        required=False,
        help_text="The practice from the library this part uses, if any.",
    )

    class Meta:
        icon = "time"
        template = "blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()
