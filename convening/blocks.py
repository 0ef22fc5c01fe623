from wagtail import blocks


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or, failing that, to an address elsewhere."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="Or an address elsewhere")
    text = blocks.CharBlock(required=False, help_text="Defaults to the page's title.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ["Choose a page or enter an address."]}
            )
        return value

    class Meta:
        icon = "link"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=400)
    link = LinkBlock(required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/card_block.html"


class SectionBlock(blocks.StructBlock):
    """A headed section of the page, with an introduction and optional cards."""

    heading = blocks.CharBlock(max_length=120)
    intro = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)
    cards = blocks.ListBlock(CardBlock(), default=[])

    class Meta:
        icon = "doc-empty"
        template = "blocks/section_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class InvitationBlock(blocks.StructBlock):
    """A call to take part: join, come to a gathering, share a story."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=400)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "blocks/invitation_block.html"


class PageBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="blocks/text_block.html",
    )
    quote = QuoteBlock()
    invitation = InvitationBlock()
