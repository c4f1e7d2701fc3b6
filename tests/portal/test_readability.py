"""The offline reading-age score behind the editor's plain-English check."""

from portal.readability import flesch_kincaid_grade, reading_age, syllables


def test_short_text_is_not_judged():
    assert reading_age("Too short to judge.") is None
    assert reading_age("") is None


def test_plain_text_scores_lower_than_jargon():
    plain = "Read the whole notice first. Then make a plan. Ask the buyer if you are not sure."
    jargon = (
        "Notwithstanding the aforementioned contractual obligations, prospective tenderers must demonstrate "
        "comprehensive organisational capability, substantiated through verifiable documentary evidence."
    )
    assert reading_age(plain) <= 8
    assert reading_age(jargon) >= 20


def test_the_score_follows_the_flesch_kincaid_formula():
    text = "The cat sat on the mat. The procurement team ran to the park."
    # 13 words, 2 sentences, 15 syllables ("procurement" has three)
    assert syllables("procurement") == 3
    assert syllables("cat") == 1
    grade = 0.39 * 13 / 2 + 11.8 * 15 / 13 - 15.59
    assert round(flesch_kincaid_grade(text), 2) == round(grade, 2)
    assert reading_age(text) == round(grade + 5)


def test_the_age_is_never_below_five():
    assert reading_age("I am. You are. We go. It is. He can. She did. Go on.") == 5


def test_each_line_counts_as_a_sentence():
    """Headings, list items and table cells have no full stops but are read one at a time."""
    cells = "\n".join(["Public liability insurance", "Almost every contract", "From an insurer or broker"] * 4)
    assert reading_age(cells) == reading_age(cells.replace("\n", ". ") + ".")
