"""How procurement terms are written for suppliers: procedures, regimes, stages and closing dates."""

from portal.formatting import uk_datetime

PROCEDURE_HELP = {
    "open": "Any supplier can send a tender. The buyer assesses every tender it receives.",
    "competitive_flexible": (
        "The buyer runs the competition in stages it designs: it may shortlist suppliers and talk with bidders "
        "before final tenders."
    ),
    "direct_award": "The buyer is awarding the contract to one supplier without a competition, as the law allows.",
    "framework_call_off": "Only suppliers already on the framework (an approved list of suppliers) can bid.",
    "dynamic_market": (
        "Suppliers on the buyer's dynamic market (an approved list you can ask to join at any time) can bid."
    ),
    "below_threshold_open": (
        "A smaller contract: any supplier can send a tender, and the buyer cannot shortlist on suitability."
    ),
    "pcr_open": "Any supplier can send a bid (under the 2015 rules).",
    "pcr_restricted": (
        "Suppliers first apply to take part; the buyer then invites some of them to bid (under the 2015 rules)."
    ),
    "pcr_competitive_dialogue": "The buyer talks with shortlisted suppliers before final bids (under the 2015 rules).",
    "pcr_negotiation": "The buyer may negotiate with shortlisted bidders (under the 2015 rules).",
    "pcr_quotation": "A smaller contract with a simpler process: the buyer asks for quotes (under the 2015 rules).",
}

REGIME_HELP = {
    "above_threshold": "the contract is worth more than the threshold, so all of the Procurement Act's rules apply.",
    "light_touch": "services such as health, social care or education above the threshold, with more flexible rules.",
    "below_threshold_notifiable": (
        "a smaller contract, but the buyer must publish it on Find a Tender, and cannot shortlist on suitability."
    ),
    "below_threshold": "a small contract: the buyer chooses how to buy, and need not publish a notice.",
    "exempt": "the Procurement Act does not apply to this kind of contract.",
}

STAGE_HELP = {
    "pipeline": "The buyer plans to buy this. Bids are not open yet.",
    "market_engagement": "The buyer wants to hear from suppliers before it asks for bids.",
    "open": "You can send a bid now.",
    "evaluation": "Bids have closed. The buyer is choosing a supplier.",
    "awarded": "The contract has been awarded.",
    "cancelled": "The buyer has cancelled this opportunity. It will not be awarded.",
}

# GOV.UK tag colours by stage, so the stage reads at a glance (the text always says it too).
STAGE_TAG_CLASSES = {
    "pipeline": "govuk-tag--grey",
    "market_engagement": "govuk-tag--purple",
    "open": "govuk-tag--green",
    "evaluation": "govuk-tag--yellow",
    "awarded": "govuk-tag--blue",
    "cancelled": "govuk-tag--red",
}


def closes(deadline):
    """'Closes Wednesday 16 December 2026 at 5pm': how every listing words a closing date."""
    return f"Closes {uk_datetime(deadline)}"


def stage_tag_class(stage):
    """The GOV.UK tag colour class of a stage code."""
    return STAGE_TAG_CLASSES.get(stage, "govuk-tag--grey")
