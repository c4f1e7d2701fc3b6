"""How the SQLite demo reads the search box, the way PostgreSQL's websearch_to_tsquery does."""

import pytest

from finder.websearch import Literal, fts5_clause, parse


def test_words_are_all_needed_and_or_makes_alternatives():
    assert parse("school catering or cleaning") == [
        [Literal(("school",)), Literal(("catering",))],
        [Literal(("cleaning",))],
    ]


def test_quotes_make_a_phrase_and_minus_leaves_out():
    assert parse('"web design" -wordpress -"php sites"') == [
        [Literal(("web", "design")), Literal(("wordpress",), negated=True), Literal(("php", "sites"), negated=True)]
    ]


def test_stop_words_alone_say_nothing_but_hold_their_place_in_a_phrase():
    assert parse("the catering for schools") == [[Literal(("catering",)), Literal(("schools",))]]
    assert parse('"school of music"') == [[Literal(("school", "of", "music"))]]
    assert parse("the or of") == []
    assert parse('"the" catering') == [[Literal(("catering",))]]


@pytest.mark.parametrize("text", ['"catering', "catering)", "(", "-", "OR", "or or", "a & b | !c", '""', "-the"])
def test_stray_operators_and_punctuation_are_separators(text):
    for clause in parse(text):
        expression, _ = fts5_clause(clause)
        assert expression.count('"') % 2 == 0


def test_a_clause_with_only_exclusions_asks_for_what_to_take_away():
    assert fts5_clause(parse("-catering -cleaning")[0]) == ('"catering" OR "cleaning"', True)
    assert fts5_clause(parse("meals -hot")[0]) == ('"meals" NOT "hot"', False)
