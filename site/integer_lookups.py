"""A number past the database's integer range finds nothing, whatever compares it.

Anyone can type "9" * 40 where we expect an id: in a form's choice, an address, a query string.
Django already answers `exact`, `gt` and the like on an integer column without asking the
database when the number does not fit the column (IntegerFieldOverflow), but not `in`, nor any
lookup through a relation: a foreign key, or the primary key of a Wagtail page type, which is its
link to Page. There SQLite's driver raises OverflowError (a 500) where PostgreSQL compares and
finds nothing. `register_lookups()` (from SiteConfig.ready) puts that missing check into the
`in` of integer columns and the `exact` and `in` of relations, so every query, and with them
every ModelChoiceField and ModelMultipleChoiceField ("Select a valid choice"), views' `pk=` and
Wagtail's admin, answers as PostgreSQL does, on both databases.
"""

from django.core.exceptions import EmptyResultSet, FieldError
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _column_range(field, connection):
    """(lowest, highest) an integer column holds, or None when the field is no integer column."""
    # A relation compares the column of the field it points to, maybe through another relation.
    while isinstance(field, ForeignObject):
        try:
            field = field.target_field
        except FieldError:  # a relation over several columns
            return None
    if not isinstance(field, IntegerField):
        return None
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # an integer field of a kind the backend does not list
        return None


class OutOfRangeFindsNothing:
    """Leaves out of the comparison any integer the column cannot hold: nothing equals it."""

    def process_rhs(self, compiler, connection):
        bounds = self.rhs_is_direct_value() and _column_range(
            getattr(self.lhs, "output_field", None), connection
        )
        if bounds:
            low, high = bounds

            def fits(value):
                return not isinstance(value, int) or (
                    (low is None or value >= low) and (high is None or value <= high)
                )

            if self.lookup_name == "in":
                # In raises EmptyResultSet itself when no value is left.
                self.rhs = [value for value in self.rhs if fits(value)]
            elif not fits(self.rhs):
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class IntegerIn(OutOfRangeFindsNothing, In):
    pass


class RelatedExactInRange(OutOfRangeFindsNothing, RelatedExact):
    pass


class RelatedInInRange(OutOfRangeFindsNothing, RelatedIn):
    pass


def register_lookups():
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(RelatedExactInRange)
    ForeignObject.register_lookup(RelatedInInRange)
