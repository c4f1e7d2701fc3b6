"""How figures are written for people: pounds without pence, percentages to one decimal place."""


def pounds(amount):
    return "£0" if amount is None else f"£{amount:,.0f}"


def percent(share):
    """A share from 0 to 100, or a dash-free phrase when there is nothing to divide."""
    return "No data" if share is None else f"{share:.1f}%"


def days(number):
    return "No data" if number is None else f"{number:.1f} days"


def number(value):
    return f"{value:,}"
