"""Reading the set bits of a bitmap (a Python int), sparse and dense."""

import random

import pytest

from alerts.bitmaps import positions


@pytest.mark.parametrize("size", [1, 7, 8, 9, 100, 4096, 100_000])
def test_positions_gives_the_set_bits_in_order(size):
    rng = random.Random(size)
    for count in sorted({0, 1, min(2, size), size // 20, size // 2, size}):
        found = sorted(rng.sample(range(size), count))
        assert positions(sum(1 << position for position in found)) == found


def test_positions_can_fill_an_array():
    from array import array

    assert positions(0b10110, into=lambda found: array("i", found)) == array("i", [1, 2, 4])
    assert positions(0, into=lambda found: array("i", found)) == array("i")
