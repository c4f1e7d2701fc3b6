"""Bitmaps (Python ints) to and from positions, on both of the ways each conversion can go."""

import random

import pytest

from alerts.bitmaps import from_positions, pick, positions, union_of_positions


def reference(found):
    return sum(1 << position for position in set(found))


@pytest.mark.parametrize("size", [1, 7, 8, 9, 100, 4096, 100_000])
def test_positions_round_trip_sparse_and_dense_bitmaps(size):
    rng = random.Random(size)
    for count in sorted({0, 1, min(2, size), size // 20, size // 15, size // 2, size}):
        found = sorted(rng.sample(range(size), count))
        bitmap = from_positions(found, size)
        assert bitmap == reference(found)
        assert positions(bitmap) == found


def test_from_positions_takes_any_order_and_repeats():
    assert from_positions([9, 3, 9, 0, 3], 10) == 0b1000001001
    assert from_positions(iter([5, 5]), 10) == 0b100000


def test_union_of_positions_is_the_union_of_several_lists():
    rng = random.Random(1)
    lists = [rng.sample(range(5000), rng.randint(0, 400)) for _ in range(12)]
    assert union_of_positions(lists, 5000) == reference(p for found in lists for p in found)
    assert union_of_positions([], 5000) == 0


def test_pick_returns_a_tuple_whatever_the_count():
    values = [10, 20, 30]
    assert pick(values, []) == ()
    assert pick(values, [1]) == (20,)
    assert pick(values, [0, 2]) == (10, 30)


def test_positions_can_fill_an_array():
    from array import array

    assert positions(0b10110, into=lambda found: array("i", found)) == array("i", [1, 2, 4])
    assert positions(0, into=lambda found: array("i", found)) == array("i")
