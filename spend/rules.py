"""The influenceable-spend rules a partnership starts with. Analysts edit them in the admin afterwards.

Payments that an anchor's buying choices cannot move: money to other public bodies, taxes, pensions,
grants and pay. Matching is by words in the file, not case-sensitive; the first rule that matches a
payment is the one that excluded it.
"""

# (name, field, value)
DEFAULT_RULES = [
    ("Payments to public bodies", "supplier_kind", "public"),
    ("Tax paid to HMRC", "supplier_name", "HMRC"),
    ("Tax paid to HMRC", "supplier_name", "HM Revenue"),
    ("Pension fund contributions", "supplier_name", "Pension Fund"),
    ("Pension fund contributions", "expense_type", "Pension"),
    ("Grants", "expense_type", "Grant"),
    ("Staff pay and expenses", "expense_type", "Salar"),
    ("Staff pay and expenses", "expense_type", "Staff"),
    ("Business rates and council tax", "expense_type", "Rates"),
]


def add_default_rules(InfluenceRule):
    """Create the default rules if there are none (the migration passes its historical model)."""
    if InfluenceRule.objects.exists():
        return
    InfluenceRule.objects.bulk_create(
        InfluenceRule(name=name, field=field, value=value, position=position)
        for position, (name, field, value) in enumerate(DEFAULT_RULES, start=1)
    )
