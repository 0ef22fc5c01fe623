"""Ids from a request are bounded where they come in, before any query sees them.

Anyone can type "9" * 40 where we expect an id: in an address, a query string, a form's choice.
PostgreSQL compares such a number and finds nothing, but SQLite's driver refuses any integer
past 64 bits with OverflowError, a 500. So an id from outside is never longer than MAX_DIGITS:
addresses take ids through the `id` path converter (registered by SharedConfig.ready), query
strings through `id_from()`, and forms choose records through `BoundedModelChoiceField` and
`BoundedModelMultipleChoiceField`, which refuse a longer number as not one of the choices.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

# Every number of up to 18 digits fits the widest integer column of SQLite and PostgreSQL
# (a signed 64-bit integer, up to 2**63 - 1, 19 digits); no id of ours comes near it.
MAX_DIGITS = 18
LARGEST = 10**MAX_DIGITS - 1
_ID = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


class IdConverter:
    """`<id:pk>` in a route: like `<int:pk>`, but a longer number is no route at all (404)."""

    regex = _ID.pattern

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def id_from(value) -> int | None:
    """The id in a query-string value, or None when there is none that fits."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


def _out_of_range(field, value) -> bool:
    """Whether `value`, chosen by the record's id, is a number no id can be. Anything else that
    is not an id is left to Django, which refuses it with the same message."""
    if field.to_field_name is not None:
        return False
    try:
        return abs(int(value)) > LARGEST
    except (TypeError, ValueError):
        return False


def _not_a_choice(field, value):
    return ValidationError(
        field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
    )


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for which a number past any id is not one of the choices."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(self, value):
            raise _not_a_choice(self, value)
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField for which a number past any id is not one of the choices."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for item in value:
                if _out_of_range(self, item):
                    raise _not_a_choice(self, item)
        return super().clean(value)


def bound_wagtail_admin_choices():
    """The forms Wagtail's admin builds from our models choose records with the bounded fields
    too: many-to-many fields (a practice's purposes...), foreign keys, and page choosers (for
    which Wagtail's own override, its page chooser widget, is repeated here, since only the
    most specific override applies). Image, document and snippet choosers keep Wagtail's."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import AdminPageChooser
    from wagtail.models import Page

    register_form_field_override(
        models.ManyToManyField, override={"form_class": BoundedModelMultipleChoiceField}
    )
    # For a foreign key the override is chosen by the related model, most specific first:
    # `models.Model` is the fallback that every other registration (images...) comes before.
    register_form_field_override(
        models.ForeignKey, to=models.Model, override={"form_class": BoundedModelChoiceField}
    )
    register_form_field_override(
        models.ForeignKey,
        to=Page,
        override=lambda db_field: {
            "form_class": BoundedModelChoiceField,
            "widget": AdminPageChooser(target_models=[db_field.remote_field.model]),
        },
    )
