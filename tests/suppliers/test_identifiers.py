"""Identifiers and postcodes: tidied when right, a message that shows a right one when wrong."""

import pytest

from portal.postcodes import PostcodeError, normalise_postcode
from suppliers import identifiers


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("01234567", "01234567"), ("1234567", "01234567"), ("sc123456", "SC123456"), ("OC 301 234", "OC301234")],
)
def test_companies_house_numbers_are_tidied(typed, stored):
    assert identifiers.companies_house_number(typed) == stored


@pytest.mark.parametrize("typed", ["123", "ABC12345", "SC12345", "012345678", "S1234567"])
def test_wrong_companies_house_numbers_are_refused_with_an_example(typed):
    with pytest.raises(identifiers.IdentifierError, match="like 01234567"):
        identifiers.companies_house_number(typed)


@pytest.mark.parametrize(
    ("typed", "register"),
    [
        ("1123456", "England and Wales"),
        ("220949", "England and Wales"),
        ("1123456-1", "England and Wales"),
        ("sc012345", "Scotland"),
        ("NIC100002", "Northern Ireland"),
    ],
)
def test_charity_numbers_of_each_register(typed, register):
    assert identifiers.charity_register(identifiers.charity_number(typed)) == register


@pytest.mark.parametrize("typed", ["12345", "SC12345", "NI100002", "12345678"])
def test_wrong_charity_numbers_are_refused(typed):
    with pytest.raises(identifiers.IdentifierError, match="SC012345"):
        identifiers.charity_number(typed)


@pytest.mark.parametrize(
    "typed", ["PMZV-7732-XXTT", "pmzv7732xxtt", "GB-PPON-PMZV-7732-XXTT", "GB-PPON:PMZV-7732-XXTT"]
)
def test_ppon_is_written_as_the_platform_writes_it(typed):
    assert identifiers.ppon(typed) == "PMZV-7732-XXTT"


@pytest.mark.parametrize("typed", ["PMZV-773-XXTT", "1234-5678-9012", "PMZV-7732"])
def test_wrong_ppon_is_refused(typed):
    with pytest.raises(identifiers.IdentifierError, match="PMZV-7732-XXTT"):
        identifiers.ppon(typed)


@pytest.mark.parametrize(
    ("typed", "stored"), [("pr12ab", "PR1 2AB"), (" EC1A  1BB ", "EC1A 1BB"), ("m1 1ae", "M1 1AE")]
)
def test_postcodes_are_written_with_one_space(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["PR1", "12345", "PR1 2A", "not a postcode", ""])
def test_wrong_postcodes_are_refused(typed):
    with pytest.raises(PostcodeError):
        normalise_postcode(typed)
