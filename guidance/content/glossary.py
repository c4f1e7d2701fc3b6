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
    (
        "Assessment summary",
        "What the buyer sends every bidder when it decides who wins: your scores, the winner's scores, and why. "
        "Read it during the standstill period.",
    ),
    (
        "Central Digital Platform",
        "The government's website where buyers publish every notice and suppliers register once, also called "
        "Find a Tender. Registering is free.",
    ),
    (
        "Direct award",
        "When a buyer gives a contract to one supplier without a competition. The law allows it only for "
        "reasons it lists, and the buyer must publish why.",
    ),
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
    (
        "Notice",
        "What a buyer publishes on the Central Digital Platform at each step of a procurement, from the pipeline "
        "notice to the contract award notice. Each has a number, like UK4 for a tender notice.",
    ),
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
    (
        "PPON",
        "Public procurement organisation number: the number your organisation gets when it registers on the "
        "Central Digital Platform. Every notice names buyers and winners by it.",
    ),
    ("Procurement", "The whole process a public body follows to buy goods, services or works."),
    (
        "Procurement Act 2023",
        "The law for public buying in England, Wales and Northern Ireland since 24 February 2025. Procurements "
        "begun before then finish under the older Public Contracts Regulations 2015.",
    ),
    (
        "Quotation",
        "A simpler way to buy small contracts: the buyer asks for a price and a short description of what you "
        "offer. Under the Procurement Act the buyer still cannot shortlist on suitability.",
    ),
    (
        "Share code",
        "A code you create on the Central Digital Platform and give a buyer with your bid, so it can read the "
        "information about your business you keep there, instead of you typing it again.",
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
    (
        "Standstill period",
        "At least 8 working days after the contract award notice before the buyer can sign the contract. Bidders "
        "can ask questions about the result, or challenge it, in that time.",
    ),
    ("Tender deadline", "The exact date and time by which your bid must arrive. Late bids are usually not accepted."),
    (
        "Tender documents",
        "The documents that tell suppliers exactly what is needed, how bids are scored and how to bid.",
    ),
    (
        "Tender notice",
        "The public advert for a contract (a UK4 notice), published on the Central Digital Platform. It says what "
        "is being bought, how to bid and by when. Before 2025 it was called a contract notice.",
    ),
    (
        "Threshold",
        "The value (including VAT) above which all the Procurement Act's rules apply. Below it, buyers may reserve "
        "contracts for small businesses, VCSEs or local suppliers.",
    ),
    (
        "VCSE",
        "A voluntary, community or social enterprise organisation: charities, community groups, co-ops and "
        "social enterprises.",
    ),
]
