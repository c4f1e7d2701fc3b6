"""Reading the set bits of a Python int used as a set of small whole numbers (one bit per position),
without a Python-level step per bit: matching decodes millions of them."""

from itertools import accumulate


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
