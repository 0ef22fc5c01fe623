"""Typed tags: split on commas only, so a tag of several words stays whole."""

from convening.shared.tags import comma_separated_tags, join_tags


def test_tags_split_on_commas_keep_their_words_and_drop_repeats():
    typed = "systems change, Health , health,  place   based ,,"
    assert comma_separated_tags(typed) == ["Health", "place based", "systems change"]


def test_nothing_typed_is_no_tags():
    assert comma_separated_tags("") == []
    assert comma_separated_tags(None) == []


def test_tags_are_written_back_in_the_order_they_are_read():
    class Tag:
        def __init__(self, name):
            self.name = name

    assert join_tags([Tag("place based"), Tag("Health")]) == "Health, place based"
