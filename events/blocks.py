from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    """One part of a gathering's agenda, naming the practice it uses when there is one."""

    time = blocks.CharBlock(required=False, max_length=20, help_text="e.g. 11:00, or 20 minutes")
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False, max_length=1000)
    practice = blocks.PageChooserBlock(
        page_type="practices.PracticePage",
        required=False,
        help_text="The practice from the library this part uses, if any.",
    )

    def get_context(self, value, parent_context=None):
        from practices.library import is_listed

        context = super().get_context(value, parent_context)
        # The practice is named only while it is published and outside the library's private
        # sections: everyone who may see the gathering sees its agenda.
        practice = value.get("practice")
        # The gathering page asks for the whole agenda at once (`events.reading`).
        listed = (parent_context or {}).get("agenda_practices")
        if practice is not None:
            shown = practice.pk in listed if listed is not None else is_listed(practice)
            practice = practice if practice.live and shown else None
        context["practice"] = practice
        # A part named after its practice links its title rather than repeating the name
        # ("What? So what? Now what? using What? So what? Now what?").
        context["named_after_practice"] = practice is not None and _same_name(
            value.get("title"), practice.title
        )
        return context

    class Meta:
        icon = "time"
        template = "blocks/agenda_item.html"


def _same_name(title, practice_title) -> bool:
    return " ".join((title or "").split()).casefold() == " ".join(practice_title.split()).casefold()


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()
