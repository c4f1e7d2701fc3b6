"""Questions other apps may ask of the payments, without knowing how they are stored."""

from django.db.models import Count, Sum

from .models import Payment


def suppliers_paid(anchor, year):
    """The suppliers `anchor` paid in the financial year starting April `year`, most paid first.

    A list of dicts: supplier (its id), name, postcode, size, kind, amount (net of credit notes, all
    payments, influenceable or not) and payments (how many lines). Suppliers not named are left out.
    """
    rows = (
        Payment.objects.filter(anchor=anchor, year=year, supplier__redacted=False)
        .values("supplier", "supplier__name", "supplier__postcode", "supplier__size", "supplier__kind")
        .annotate(amount=Sum("amount"), payments=Count("pk"))
        .order_by("-amount", "supplier__name")
    )
    return [
        {
            "supplier": row["supplier"],
            "name": row["supplier__name"],
            "postcode": row["supplier__postcode"],
            "size": row["supplier__size"],
            "kind": row["supplier__kind"],
            "amount": row["amount"],
            "payments": row["payments"],
        }
        for row in rows
    ]
