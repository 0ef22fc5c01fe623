"""The pieces of the one field template (templates/forms/field.html) and of the error summary
(templates/forms/error_summary.html) that a template cannot say by itself."""

import copy

from django import template

register = template.Library()


@register.filter
def control(field):
    """The field's own widget without a placeholder: a placeholder that repeats the label is
    noise, and one that hints vanishes as the person types, so hints are shown under the label
    instead (allauth gives its fields placeholders). Django adds `aria-describedby` (the hint and
    the error) and `aria-invalid` itself."""
    widget = field.field.widget
    if "placeholder" not in widget.attrs:
        return field.as_widget()
    widget = copy.copy(widget)
    widget.attrs = {name: value for name, value in widget.attrs.items() if name != "placeholder"}
    return field.as_widget(widget=widget)


@register.filter
def anchor(field):
    """The id an error summary links to: the control itself, or for a group of choices (a
    fieldset) its first choice, so that following the link puts the keyboard where the answer
    goes. A group with no choices to offer has only its own box to link to."""
    if field.use_fieldset:
        first = next(iter(field.subwidgets), None)
        if first is not None and first.id_for_label:
            return first.id_for_label
    return field.id_for_label or field.auto_id
