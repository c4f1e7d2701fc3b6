"""The demo glossary: the words of public buying, in plain English."""

TERMS = [
    (
        "Anchor institution",
        "A large public body rooted in an area, like a council, hospital, college or university. "
        "It buys a lot and is not going to move away.",
    ),
    (
        "Bid",
        "Your offer to do the work or supply the goods: what you will do, how, and for what price. "
        "Also called a tender.",
    ),
    ("Buyer", "The public body that wants to buy something, or the person there who runs the buying."),
    (
        "Call-off",
        "A contract given to a supplier on a framework. The buyer picks from the framework's suppliers "
        "instead of advertising again.",
    ),
    ("Consortium", "A group of businesses that bid together for one contract, each doing the part it is best at."),
    ("Contract notice", "The public advert for a contract. It says what is being bought, how to bid and by when."),
    (
        "CPV code",
        "A number that says what kind of thing is being bought. For example, 90910000 means cleaning. "
        "You can search by it.",
    ),
    (
        "Dynamic market",
        "A list of approved suppliers that new businesses can join at any time. Buyers invite "
        "suppliers on the list to bid for contracts.",
    ),
    ("Evaluation", "How the buyer scores the bids it gets and chooses the winner, using the rules it published."),
    (
        "Framework",
        "An agreement that sets up a list of suppliers and prices for a few years. Buyers then give "
        "contracts (call-offs) to suppliers on it.",
    ),
    ("Invitation to tender", "The set of documents that tells suppliers exactly what is needed and how to bid."),
    (
        "Lot",
        "A part of a contract that you can bid for on its own. Big contracts are split into lots so that "
        "small businesses can bid for the part that fits them.",
    ),
    (
        "Market engagement",
        "When a buyer talks to businesses before it buys, to learn what is possible and what "
        "it might cost. Taking part does not stop you bidding later.",
    ),
    ("Pipeline", "A list of contracts a buyer plans to advertise in the coming months or years."),
    ("Procurement", "The whole process a public body follows to buy goods, services or works."),
    (
        "Quotation",
        "A simpler way to buy small contracts. The buyer asks a few suppliers for a price and a short "
        "description of what they offer.",
    ),
    ("SME", "A small or medium-sized enterprise: a business with fewer than 250 staff."),
    (
        "Social value",
        "The extra good a contract does for local people and places, like local jobs, training or less pollution.",
    ),
    ("Specification", "The part of the tender documents that describes what the buyer needs, and to what standard."),
    (
        "Subcontractor",
        "A business that does part of a contract for the main supplier, who stays responsible to the buyer.",
    ),
    ("Tender deadline", "The exact date and time by which your bid must arrive. Late bids are usually not accepted."),
    (
        "VCSE",
        "A voluntary, community or social enterprise organisation: charities, community groups, co-ops and "
        "social enterprises.",
    ),
]
