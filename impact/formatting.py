"""How wider impact figures are written: quantities without needless decimals, estimates rounded sensibly."""

from decimal import ROUND_HALF_UP, Decimal


def plain_quantity(value):
    """A quantity as a Decimal without trailing zeros: 5.00 → 5, 2.50 → 2.5 (for CSV and JSON)."""
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal("0.01"))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def quantity(value):
    """A quantity for people: 1,302 or 2.5."""
    value = plain_quantity(value)
    if value is None:
        return "None"
    return f"{value:,}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0").rstrip(".")


def whole(value):
    """An estimate as a whole number, halves rounded up: 1,301.5 → 1,302."""
    return f"{Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def percent(share, places=0):
    """A share from 0 to 1 as a percentage: 0.305 → 31% (or 30.5% with one place)."""
    step = Decimal(1).scaleb(-places)
    return f"{(Decimal(share) * 100).quantize(step, rounding=ROUND_HALF_UP)}%"


def pounds(amount):
    return f"£{Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
