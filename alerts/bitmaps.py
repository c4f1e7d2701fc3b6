"""Sets of small whole numbers (positions 0..size-1) held as Python ints, one bit per position.

A union of two such sets is one `|`, an intersection one `&`: CPython does either in C over size/30
machine words, whatever the number of members (about a microsecond for 100,000 positions), which makes
a few dozen of them per lot far cheaper than set operations over thousands of members. Converting to and
from positions is where the time goes, so both conversions avoid a Python-level step per bit.
"""

from collections import deque
from itertools import accumulate, chain, repeat
from operator import itemgetter

ONE = ord("1")
BIT = [1 << n for n in range(8)]


def from_positions(positions, size):
    """The bitmap with a bit set at each of `positions` (any order, repeats allowed), all below `size`."""
    positions = positions if isinstance(positions, list) else list(positions)
    if not positions:
        return 0
    if len(positions) * 16 < size:
        # Few members: setting their bits one by one is cheaper than the size-long pass below.
        octets = bytearray((size + 7) >> 3)
        for position in positions:
            octets[position >> 3] |= BIT[position & 7]
        return int.from_bytes(octets, "little")
    # Many: write one "1" digit per member (map() runs in C), then parse the digits as a base-2 number,
    # which CPython does in linear time (its limit on decimal digits does not apply to base 2).
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, positions, repeat(ONE)), maxlen=0)
    digits.reverse()  # int() reads the most significant digit first; position 0 is the least
    return int(digits, 2)


def union_of_positions(lists, size):
    """The bitmap of the members of several lists of positions."""
    return from_positions(list(chain.from_iterable(lists)), size)


def positions(bitmap, into=list):
    """The positions set in `bitmap`, in increasing order, as a list (or `into(iterable)`, say an array)."""
    if not bitmap:
        return into(())
    # bin() writes the bits from the top one down: "0b1<gap>1<gap>1…". Splitting on "1" gives the gaps;
    # the k-th "1" lies (sum of the first k gaps + k) below the top one.
    gaps = bin(bitmap).split("1")[1:-1]
    below_top = accumulate(map((1).__add__, map(len, gaps)), initial=0)
    found = into(map((bitmap.bit_length() - 1).__sub__, below_top))
    found.reverse()
    return found


def pick(values, wanted):
    """values[p] for each position p in `wanted`, as a tuple (itemgetter fetches them in C)."""
    if len(wanted) > 1:
        return itemgetter(*wanted)(values)
    return tuple(values[p] for p in wanted)
