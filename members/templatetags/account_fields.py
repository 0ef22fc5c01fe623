"""The control of a field on the account pages (allauth's forms), for the one field template
`allauth/elements/field.html`."""

import copy

from django import template

register = template.Library()


@register.filter
def control(field):
    """The field's own widget, without the placeholder allauth gives it (a placeholder that
    repeats the label is noise, and one that hints vanishes as the person types: hints are
    shown under the label instead), described by its hint and its error."""
    widget = copy.copy(field.field.widget)
    widget.attrs = {name: value for name, value in widget.attrs.items() if name != "placeholder"}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(widget=widget, attrs=attrs)
