"""The demo support directory: six organisations that help local businesses sell to public bodies."""

SERVICES = [
    ("bid-writing", "Bid writing"),
    ("finding-contracts", "Finding contracts"),
    ("meet-the-buyer", "Meet the buyer events"),
    ("business-planning", "Business planning"),
    ("finance", "Finance and funding"),
    ("co-op-set-up", "Setting up a co-op or social enterprise"),
    ("certificates", "Certificates and policies"),
    ("mentoring", "Mentoring"),
]

# (name, kind, summary, services, area slugs, free, website, email, phone)
PROVIDERS = [
    (
        "Northshire Chamber of Commerce",
        "chamber",
        "Helps businesses of every size in Northshire find contracts and meet buyers. Runs monthly "
        "Meet the Buyer events and a bid-writing clinic.",
        ["finding-contracts", "meet-the-buyer", "bid-writing"],
        ["northshire"],
        False,
        "https://northshire-chamber.example.org",
        "tenders@northshire-chamber.example.org",
        "01632 960 101",
    ),
    (
        "Federation of Small Businesses, North West",
        "fsb",
        "Supports small firms and the self-employed. Members get free advice on contracts, policies and "
        "getting paid on time.",
        ["certificates", "finance", "mentoring"],
        ["tld"],
        False,
        "https://fsb-north-west.example.org",
        "northwest@fsb.example.org",
        "01632 960 202",
    ),
    (
        "Northshire Growth Hub",
        "growth_hub",
        "Free, impartial help for any business in Northshire and Westmoor. An adviser can look at a bid "
        "with you before you send it.",
        ["bid-writing", "business-planning", "finance", "finding-contracts"],
        ["northshire", "westmoor"],
        True,
        "https://northshire-growth-hub.example.org",
        "hello@northshire-growth-hub.example.org",
        "01632 960 303",
    ),
    (
        "Co-operatives North",
        "coop",
        "Helps people set up and grow co-ops and employee-owned businesses, and helps co-ops bid together "
        "as a consortium.",
        ["co-op-set-up", "bid-writing", "mentoring"],
        ["tld"],
        True,
        "https://cooperatives-north.example.org",
        "advice@cooperatives-north.example.org",
        "01632 960 404",
    ),
    (
        "Northshire Council Business Support",
        "council",
        "The council's own team for local businesses. Free help with finding council contracts, "
        "quotations and the policies buyers ask for.",
        ["finding-contracts", "certificates", "meet-the-buyer"],
        ["northshire"],
        True,
        "https://northshire-borough-council.example.org/business",
        "business@northshire.example.org",
        "01632 960 505",
    ),
    (
        "Social Enterprise Riverside",
        "other",
        "A network for social enterprises and charities in Riverside. Offers mentoring, small grants "
        "and help to show your social value.",
        ["co-op-set-up", "finance", "mentoring"],
        ["riverside"],
        True,
        "https://se-riverside.example.org",
        "",
        "01632 960 606",
    ),
]
