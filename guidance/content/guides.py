"""The demo guidance: plain-English pages a small business can act on.

Each guide is a dict; its body is a list of StreamField blocks in their stored (raw) form, built with
the small helpers below so the words stay readable here.
"""

# ruff: noqa: E501 -- prose: a sentence is easier to edit kept whole than split to fit 120 columns


def h2(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def bullets(intro, items):
    return {"type": "paragraph", "value": f"<p>{intro}</p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"}


def inset(text):
    return {"type": "inset_text", "value": f"<p>{text}</p>"}


def warning(text):
    return {"type": "warning_text", "value": text}


def steps(*items):
    return {"type": "steps", "value": {"steps": [{"title": title, "text": f"<p>{text}</p>"} for title, text in items]}}


def questions(*items, heading="Common questions"):
    return {
        "type": "questions",
        "value": {"heading": heading, "questions": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in items]},
    }


def table(caption, header, *rows):
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {"data": [header, *rows], "first_row_is_table_header": True, "first_col_is_header": False},
        },
    }


def terms(*slugs):
    """Glossary terms by slug; turned into ids when the demo is seeded."""
    return {"type": "glossary_terms", "value": {"terms": list(slugs)}}


GUIDES = [
    {
        "slug": "how-public-buying-works",
        "title": "How public buying works",
        "topic": "public_buying",
        "summary": "Councils, colleges, hospitals and the police must buy in a fair and open way. "
        "This guide explains the rules in plain English and what they mean for a small business.",
        "body": [
            h2("Why public bodies have rules for buying"),
            p(
                "Public bodies spend public money. The law says they must spend it fairly. "
                "Any business should have a fair chance to win, and the buyer must be able to show why it chose the winner.",
                "This is called procurement. It can look slow and formal. But the rules also protect you: "
                "the buyer must tell everyone the same things and score every bid the same way.",
            ),
            h2("How a contract is bought"),
            steps(
                (
                    "The buyer plans",
                    "It decides what it needs. It may list the contract in its pipeline of future work.",
                ),
                (
                    "The buyer talks to businesses",
                    "This is called market engagement. It helps the buyer write a "
                    "fair specification. You can take part and still bid later.",
                ),
                (
                    "The buyer advertises",
                    "It publishes a tender notice on the Central Digital Platform (Find a Tender), with the tender "
                    "documents, the questions and the deadline.",
                ),
                ("You bid", "You answer the questions and give your price before the deadline."),
                ("The buyer scores the bids", "It uses the scoring rules it published. This is called evaluation."),
                (
                    "The buyer awards the contract",
                    "Everyone who bid gets an assessment summary: the scores and why. The buyer publishes a contract "
                    "award notice, then waits a standstill period of at least 8 working days before it signs.",
                ),
            ),
            h2("The rules since 24 February 2025"),
            p(
                "Public buying now follows the Procurement Act 2023. Buyers publish every step as a notice on the "
                "Central Digital Platform, and suppliers register there once. Procurements that began before "
                "24 February 2025 finish under the older rules, the Public Contracts Regulations 2015.",
            ),
            h2("Small contracts are simpler"),
            p(
                "Contracts worth less than the threshold (about £208,000 including VAT for councils, hospitals and "
                "colleges) have simpler rules. The buyer cannot shortlist suppliers on their suitability, so any "
                "business can send a tender. Above £30,000 including VAT it must still publish a notice.",
                "Small contracts often need only a quotation: a price and a short description of what you offer. "
                "Each buyer sets its own limit. Many ask for quotations for contracts under £25,000.",
            ),
            inset(
                "You do not need to be a big company to win. Many contracts are split into lots so that small "
                "businesses, co-ops and social enterprises can bid for the part that fits them."
            ),
            terms(
                "procurement",
                "procurement-act-2023",
                "pipeline",
                "market-engagement",
                "tender-notice",
                "evaluation",
                "standstill-period",
                "threshold",
                "lot",
            ),
        ],
        "related": [
            "registering-on-the-central-digital-platform",
            "finding-opportunities",
            "reading-a-contract-notice-and-its-lots",
        ],
    },
    {
        "slug": "finding-opportunities",
        "title": "Finding contracts that fit your business",
        "topic": "finding",
        "summary": "Where to find public contracts. How to search this website. How to get an email when a new "
        "contract fits your business.",
        "body": [
            h2("Search this website"),
            p(
                "Every buyer in the partnership lists its contracts here. Search with the words your customers use, "
                "like 'window cleaning' or 'web design'. Then narrow the list by area, value and type of contract."
            ),
            h2("Get an email when something fits"),
            p(
                "Set up an alert and we will email you when a new contract or lot matches. "
                "You choose how often: straight away, once a day or once a week. You can stop at any time."
            ),
            h2("Look at what is planned"),
            p(
                "Buyers list contracts they plan to buy in their pipeline. This gives you time to get ready. "
                "You might need a policy, a certificate or a partner business before you can bid."
            ),
            h2("Search by what you do, not what it is called"),
            p(
                "Buyers describe work with CPV codes. A CPV code is a number for a kind of work. "
                "You do not need to learn them. But if you know yours, searching by it finds contracts that use "
                "different words for the same thing."
            ),
            questions(
                ("Do I have to pay to see contracts?", "No. Searching, reading documents and alerts are all free."),
                (
                    "Do I need an account?",
                    "No. You only give your email address if you want alerts or to book an event.",
                ),
                (
                    "What if I find a contract that is too big for me?",
                    "Look at its lots. If none fit, think about "
                    "bidding with other businesses as a consortium, or offering to be a subcontractor.",
                ),
            ),
            terms("cpv-code", "pipeline", "lot"),
        ],
        "related": ["reading-a-contract-notice-and-its-lots", "working-as-a-consortium"],
    },
    {
        "slug": "reading-a-contract-notice-and-its-lots",
        "title": "Reading a tender notice and its lots",
        "topic": "finding",
        "summary": "What each part of a tender notice means and how lots work. Then decide in ten minutes if "
        "a contract is worth a bid.",
        "body": [
            h2("What a tender notice tells you"),
            table(
                "The main parts of a tender notice",
                ["Part", "What it tells you"],
                ["Summary", "What the buyer wants and why"],
                ["Value", "Roughly how much the buyer expects to pay, with and without VAT"],
                ["Lots", "The parts you can bid for on their own"],
                ["Deadline", "The date and time your bid must arrive"],
                ["Requirements", "What you must have to bid, like insurance or a certificate"],
            ),
            h2("How lots work"),
            p(
                "A lot is a part of a contract that you can bid for on its own. A buyer might split a cleaning contract "
                "into one lot for each town. A small firm can bid for the town it knows best.",
                "Some lots are reserved. That means only certain businesses can bid, like small businesses, social enterprises "
                "or local firms. The law allows that only for contracts below the threshold. Above it, a lot can only be "
                "reserved for supported employment providers or, for some services, public service mutuals.",
            ),
            h2("Decide if it is worth bidding"),
            steps(
                ("Check the deadline", "Do you have enough time to write a good bid? Most bids take days, not hours."),
                (
                    "Check the requirements",
                    "Do you have the insurance, turnover and certificates asked for? If not, can you get them in time?",
                ),
                ("Check the value and length", "Could your business do this much work for this long?"),
                ("Read how bids are scored", "The notice says how much price counts and how much quality counts."),
            ),
            warning(
                "If you cannot meet a requirement that the notice says is essential, your bid will be rejected. "
                "Ask the buyer a question before the deadline if you are not sure."
            ),
            terms("tender-notice", "tender-documents", "lot", "tender-deadline", "specification", "threshold"),
        ],
        "related": ["writing-a-bid", "certificates-and-policies"],
    },
    {
        "slug": "writing-a-bid",
        "title": "Writing a bid that scores well",
        "topic": "bidding",
        "stage": "open",
        "summary": "How to answer the buyer's questions clearly, show evidence, price your work and send your bid "
        "on time.",
        "body": [
            h2("Answer the question that was asked"),
            p(
                "Buyers score each answer against what they asked. Read each question twice. "
                "Answer every part of it, in the same order. Use the buyer's own words as headings.",
            ),
            h2("Give evidence, not promises"),
            p(
                "Say what you have done, not only what you will do. Give a short example: the customer, what you did, "
                "and what changed. Numbers help, like 'we cut missed collections from 12 a month to 2'."
            ),
            h2("Price it properly"),
            p(
                "Include all your costs: staff, materials, travel, insurance and time spent managing the contract. "
                "A price that is too low can be rejected if the buyer thinks you cannot deliver for it."
            ),
            h2("Send it on time"),
            steps(
                (
                    "Register on the Central Digital Platform",
                    "Above the threshold the buyer will ask for your share code, so it can read your business details "
                    "there. See our guide to registering.",
                ),
                ("Register on the buyer's e-tendering website early", "Some take a day or two to approve you."),
                (
                    "Ask questions before the clarification deadline",
                    "The buyer shares answers with every bidder, without your name.",
                ),
                ("Check you have answered everything", "Use the buyer's checklist if there is one."),
                (
                    "Upload your bid a day early",
                    "Websites can be slow near a deadline. Late bids are usually rejected.",
                ),
            ),
            warning("Most buyers cannot accept a bid that arrives even one minute after the deadline."),
            questions(
                (
                    "Can I ask for help writing a bid?",
                    "Yes. Our support directory lists free help, including bid-writing clinics.",
                ),
                ("How long should my answers be?", "Stay within the word limit. Clear and short beats long."),
            ),
            terms("bid", "tender-documents", "share-code", "tender-deadline", "evaluation"),
        ],
        "related": ["social-value", "after-the-deadline"],
    },
    {
        "slug": "how-to-respond-to-a-market-engagement",
        "title": "How to respond to a market engagement",
        "topic": "bidding",
        "stage": "market_engagement",
        "summary": "A buyer wants to hear from businesses before it buys. Here is how to take part, what to say, "
        "and why it is worth your time.",
        "body": [
            h2("What market engagement is"),
            p(
                "Before a buyer writes its tender, it may ask businesses for their views. This is market engagement. "
                "It might be a short questionnaire, a meeting or an event.",
                "Taking part does not stop you bidding later. It does not give you an unfair advantage either: the buyer "
                "shares what it learns with everyone.",
            ),
            h2("Why it is worth doing"),
            bullets(
                "It is your best chance to shape the contract. You can tell the buyer:",
                [
                    "if the contract is too big for small businesses, and how it could be split into lots",
                    "what a realistic price and timescale look like",
                    "about new ways of doing the work",
                ],
            ),
            h2("How to respond"),
            steps(
                ("Read the buyer's questions", "They are usually in a short document with the notice."),
                ("Answer honestly and briefly", "Say what your business could do and what would stop you bidding."),
                ("Send it by the date given", "Market engagement often has a short deadline."),
                ("Go to any event", "Meet the buyer, and other businesses you might partner with."),
            ),
            inset(
                "Tell the buyer if a requirement would stop you bidding, like a high turnover limit. "
                "Buyers in this partnership have promised to remove barriers that are not needed."
            ),
            terms("market-engagement", "lot", "buyer"),
        ],
        "related": ["writing-a-bid", "working-as-a-consortium"],
    },
    {
        "slug": "social-value",
        "title": "Social value: what it means and how to show it",
        "topic": "social_value",
        "summary": "Most public contracts score the good your business does for local people and places. "
        "Learn what counts and how to write about it.",
        "body": [
            h2("What social value means"),
            p(
                "Social value is the extra good a contract does. It might be local jobs, training for young people, "
                "paying the real Living Wage, or cutting pollution.",
                "Public buyers must think about social value. Many give it at least 10% of the score.",
            ),
            h2("What counts"),
            table(
                "Examples of social value a small business can offer",
                ["Theme", "Example"],
                ["Local jobs", "Hiring someone who lives near the work"],
                ["Skills", "Taking on an apprentice or offering work experience"],
                ["Local business", "Buying supplies from other local firms"],
                ["Environment", "Using electric vans or cutting waste"],
                ["Community", "Giving volunteering hours to a local group"],
            ),
            h2("How to write about it"),
            p(
                "Make promises you can keep and measure. 'We will offer two work placements a year to local school leavers' "
                "is better than 'we support young people'. Say how you will report on it."
            ),
            inset(
                "Small businesses often do well on social value. You already employ local people and buy locally. Say so."
            ),
            terms("social-value", "vcse"),
        ],
        "related": ["co-ops-and-social-enterprises", "writing-a-bid"],
    },
    {
        "slug": "certificates-and-policies",
        "title": "Certificates, insurance and policies buyers ask for",
        "topic": "certifications",
        "summary": "Which certificates and policies you need to bid, which you can get for free, and how long "
        "they take.",
        "body": [
            h2("What buyers usually ask for"),
            table(
                "Common requirements and how to get them",
                ["Requirement", "When it is asked for", "How to get it"],
                ["Public liability insurance", "Almost every contract", "From an insurer or broker"],
                ["Employer's liability insurance", "If you employ anyone", "The law requires it"],
                ["Health and safety policy", "Work on buyer sites", "Write your own; free templates exist"],
                ["Cyber Essentials", "Contracts that handle personal data", "An approved certification body"],
                ["Safeguarding checks", "Work with children or adults at risk", "DBS checks for your staff"],
            ),
            h2("Only what the contract needs"),
            p(
                "Buyers in this partnership have promised to ask only for what a contract really needs. "
                "A small contract should not need the same insurance cover as a large one."
            ),
            warning(
                "Do not say you have a certificate or insurance that you do not have. Your bid can be rejected, "
                "or the contract ended later."
            ),
            h2("Get ready early"),
            p(
                "Some certificates take weeks. Look at the buyer's pipeline, see what is coming, and get ready before the contract is advertised."
            ),
            questions(
                (
                    "What if I cannot afford the insurance level asked for?",
                    "Ask the buyer during the clarification "
                    "period. It may accept a lower level, or you could bid as part of a consortium.",
                ),
            ),
            terms("specification", "pipeline"),
        ],
        "related": ["reading-a-contract-notice-and-its-lots", "working-as-a-consortium"],
    },
    {
        "slug": "getting-paid",
        "title": "Getting paid on time",
        "topic": "getting_paid",
        "stage": "awarded",
        "summary": "How public buyers pay their suppliers, how long it should take, and what to do if a payment is late.",
        "body": [
            h2("How long payment should take"),
            p(
                "Public bodies must pay valid invoices within 30 days. Buyers in this partnership have promised to "
                "pay small businesses faster where they can, and to make their main suppliers pay subcontractors within 30 days too."
            ),
            h2("Send an invoice the buyer can pay"),
            steps(
                (
                    "Get a purchase order number",
                    "Most buyers cannot pay an invoice without one. Ask for it before you start work.",
                ),
                (
                    "Put the right details on your invoice",
                    "The purchase order number, your bank details, and what you did and when.",
                ),
                (
                    "Send it to the right place",
                    "Use the address or system the buyer tells you. Sending it to your contact may slow it down.",
                ),
            ),
            h2("If a payment is late"),
            p(
                "Contact the buyer's accounts team first, with the invoice number and purchase order number. "
                "If that does not work, tell the contract manager. You are allowed to claim interest on late payments."
            ),
            inset(
                "If you are a subcontractor and the main supplier pays you late, tell the public buyer. They want to know."
            ),
            terms("subcontractor", "buyer"),
        ],
        "related": ["how-public-buying-works"],
    },
    {
        "slug": "co-ops-and-social-enterprises",
        "title": "Selling to public bodies as a co-op or social enterprise",
        "topic": "coops",
        "summary": "Co-ops, social enterprises and charities can win public contracts. Some contracts are even "
        "reserved for them. Here is how.",
        "body": [
            h2("You can bid like any other business"),
            p(
                "A co-op, social enterprise, community interest company or charity can bid for any public contract. "
                "Your legal form does not count against you."
            ),
            h2("Reserved contracts and lots"),
            p(
                "Some contracts and lots are reserved. Only certain organisations can bid, such as social enterprises "
                "or businesses run by their staff. Look for the 'reserved' label on a lot."
            ),
            h2("Show the difference you make"),
            p(
                "Social value often carries real marks. Explain how your profits are used and who benefits. "
                "Use numbers: people trained, hours given, money put back into the community."
            ),
            inset("Free help is available to set up or grow a co-op or social enterprise. See our support directory."),
            terms("vcse", "social-value", "lot"),
        ],
        "related": ["social-value", "working-as-a-consortium"],
    },
    {
        "slug": "working-as-a-consortium",
        "title": "Bidding with other businesses as a consortium",
        "topic": "consortia",
        "summary": "If a contract is too big for you alone, you can bid with other businesses. This guide explains "
        "the ways to do it and what to agree first.",
        "body": [
            h2("Ways to bid together"),
            table(
                "Three ways to bid with other businesses",
                ["Way", "How it works", "Good for"],
                [
                    "Lead supplier",
                    "One business bids and uses others as subcontractors",
                    "When one partner does most of the work",
                ],
                ["Consortium", "Several businesses bid together with an agreement between them", "Equal partners"],
                ["New joint company", "Partners set up a company or co-op to bid", "Long-term partnerships"],
            ),
            h2("Agree the important things first"),
            bullets(
                "Before you bid, write down and agree:",
                [
                    "who does which part of the work",
                    "who the buyer deals with",
                    "how money is shared and when each partner is paid",
                    "what happens if one partner cannot deliver",
                ],
            ),
            warning(
                "Each partner may have to meet the buyer's requirements, like insurance. Check the tender documents."
            ),
            questions(
                (
                    "Where can I find partners?",
                    "Meet the Buyer events are a good place. Co-op development bodies and "
                    "chambers of commerce can also introduce you.",
                ),
            ),
            terms("consortium", "subcontractor"),
        ],
        "related": ["co-ops-and-social-enterprises", "finding-opportunities"],
    },
    {
        "slug": "frameworks-and-call-offs",
        "title": "Frameworks and call-offs explained",
        "topic": "bidding",
        "procedure": "framework_call_off",
        "summary": "Many public contracts are given to suppliers on a framework. Learn how frameworks work, "
        "how to get on one, and how call-offs are won.",
        "body": [
            h2("What a framework is"),
            p(
                "A framework is an agreement that sets up a list of approved suppliers for a few years, usually four. "
                "Buyers then give contracts to suppliers on the list. These contracts are called call-offs."
            ),
            h2("How a call-off is chosen"),
            p(
                "Some frameworks let the buyer choose a supplier directly. Others run a short competition between "
                "suppliers on the framework, called a mini-competition. It is usually quicker than a full tender."
            ),
            h2("If you are not on the framework"),
            p(
                "You cannot win a call-off if you are not on the framework. Watch for when it opens again, "
                "or offer to work as a subcontractor for a supplier that is on it."
            ),
            terms("framework", "call-off", "subcontractor"),
        ],
        "related": ["writing-a-bid", "working-as-a-consortium"],
    },
    {
        "slug": "after-the-deadline",
        "title": "After the deadline: scoring, results and feedback",
        "topic": "bidding",
        "stage": "evaluation",
        "summary": "What happens to your bid after you send it, how long it takes, and how to get feedback that "
        "helps you win next time.",
        "body": [
            h2("How your bid is scored"),
            p(
                "A panel reads every bid and scores it against the rules published in the tender. "
                "Each person usually scores alone first, then the panel agrees a final score."
            ),
            h2("When you will hear"),
            p(
                "The notice often says when the buyer expects to decide. It can take from two weeks to a few months. "
                "The buyer may ask you to explain part of your bid. Reply by the date they give."
            ),
            h2("Read your assessment summary"),
            p(
                "Whether you win or lose, the buyer sends you an assessment summary: your scores, the winner's scores, "
                "and why. If anything is unclear, ask. Good feedback is the fastest way to get better at bidding."
            ),
            h2("The standstill period"),
            p(
                "For bigger contracts the buyer publishes a contract award notice and then waits a standstill period "
                "of at least 8 working days before it signs. This website shows the day the standstill ends. If you "
                "think the buyer made a mistake, raise it with them before then.",
            ),
            inset("Many businesses win on their second or third try. Keep bidding for contracts that fit you."),
            terms("evaluation", "assessment-summary", "standstill-period"),
        ],
        "related": ["writing-a-bid", "getting-paid"],
    },
    {
        "slug": "registering-on-the-central-digital-platform",
        "title": "Registering on the Central Digital Platform",
        "topic": "public_buying",
        "summary": "Register your business once on the Central Digital Platform. Get your PPON. Then give buyers "
        "a share code, so you do not fill in the same forms for every bid.",
        "body": [
            h2("What it is and why it helps you"),
            p(
                "The Central Digital Platform is the government's website for public buying. It is also called Find a "
                "Tender. Public buyers in England, Wales and Northern Ireland put their notices there. It is free.",
                "You register your business once and keep your details there. That means your address, who owns and "
                "runs the business, and your money. When you bid, you give the buyer a share code. The buyer reads "
                "your details with it, so you do not type them again.",
            ),
            h2("How to register"),
            steps(
                (
                    "Create a GOV.UK One Login",
                    "Go to Find a Tender at www.find-tender.service.gov.uk. Sign in with GOV.UK One Login. If you do "
                    "not have one, make one there with your email address.",
                ),
                (
                    "Register your organisation",
                    "Choose to register as a supplier. Give your business name and address. Give its Companies House, "
                    "charity or mutuals number if it has one.",
                ),
                (
                    "Note your PPON",
                    "The platform gives your business a number called a PPON. Buyers use it to know it is you. It "
                    "looks like PDNX-7253-FQPM.",
                ),
                (
                    "Add your supplier information",
                    "Fill in each part the platform asks for. This includes your owners and directors, and your "
                    "accounts. Save as you go. You can come back later.",
                ),
                (
                    "Create a share code when you bid",
                    "When a buyer asks for it, make a share code and put it in your bid. The buyer sees your details "
                    "as they were when you made the code.",
                ),
            ),
            inset(
                "Keep your details up to date. If something changes, like a new director, change it. Then make a new "
                "share code for your next bid."
            ),
            h2("Do I need to register?"),
            p(
                "For big contracts, buyers will ask for your share code. So register before you bid. For small "
                "contracts a buyer may not need it. But if you register early, you will not rush near a deadline."
            ),
            questions(
                (
                    "Does it cost anything?",
                    "No. Registering, searching and keeping your information there are all free.",
                ),
                (
                    "Is my information made public?",
                    "Only your business name, address and PPON are shown in notices. Only the buyers you give a share "
                    "code to see the rest.",
                ),
                (
                    "Where can I get help?",
                    "Our support directory lists free help, including the growth hub and bid-writing clinics.",
                ),
            ),
            terms("central-digital-platform", "ppon", "share-code", "procurement-act-2023", "threshold"),
        ],
        "related": ["how-public-buying-works", "writing-a-bid", "finding-opportunities"],
    },
]
