"""Elasticsearch documents for the finder: one document per lot, carrying its opportunity's fields.

Text is analysed in English with stemming; searches also expand procurement synonyms ("IT" finds
"information technology", "repairs" finds "maintenance"). Synonyms apply at search time only, so that
changing the list needs no reindex. Index names carry a version; readers use an alias that a rebuild
swaps in one step, so a rebuild causes no downtime.
"""

from elasticsearch.dsl import Boolean, Date, Document, Double, Integer, Keyword, Long, Text, analyzer, token_filter

# Comma-separated groups are equivalent; words are written before stemming.
PROCUREMENT_SYNONYMS = [
    "it, ict, information technology, computing",
    "maintenance, repairs, repair, upkeep",
    "catering, food service, school meals, canteen",
    "cleaning, janitorial, custodial",
    "grounds maintenance, landscaping, gardening, horticulture",
    "construction, building works, civil engineering",
    "refurbishment, refit, renovation",
    "consultancy, consulting, advisory",
    "sme, small business, small firm",
    "vcse, charity, social enterprise, voluntary",
    "care, social care",
    "transport, travel, fleet",
]
FACET_SEPARATOR = "|"

procurement_synonyms = token_filter("procurement_synonyms", type="synonym_graph", synonyms=PROCUREMENT_SYNONYMS)
english_stemmer = token_filter("english_stemmer", type="stemmer", language="english")
english_possessive = token_filter("english_possessive", type="stemmer", language="possessive_english")

# No stop words: "IT" would be lost as the pronoun "it".
english_index = analyzer(
    "procurement_english",
    tokenizer="standard",
    filter=["lowercase", english_possessive, "asciifolding", english_stemmer],
)
english_search = analyzer(
    "procurement_english_search",
    tokenizer="standard",
    filter=["lowercase", english_possessive, "asciifolding", procurement_synonyms, english_stemmer],
)


def english_text(**kwargs):
    return Text(analyzer=english_index, search_analyzer=english_search, **kwargs)


class LotDocument(Document):
    """A lot as Elasticsearch sees it. `*_facet` fields hold "value|label" so facets need no lookup."""

    lot_id = Integer()
    external_key = Keyword()
    # The group results collapse by: the opportunity's id, or below 0 an external item (a subcontract).
    opportunity_id = Long()
    source = Keyword()
    headline = Keyword(index=False)
    opportunity_title = english_text()
    opportunity_url = Keyword(index=False)
    reference = Keyword()
    summary = english_text()
    opportunity_description = english_text()
    buyer_name = english_text()
    buyer_slug = Keyword()
    buyer_facet = Keyword()
    lot_number = Integer()
    lot_title = english_text()
    lot_description = english_text()
    lot_count = Integer()
    keywords = english_text()
    stage = Keyword()
    procedure = Keyword()
    regime = Keyword()
    published_date = Date()
    submission_deadline = Date()
    value_min = Double()
    value = Double()
    suitable_for_sme = Boolean()
    suitable_for_vcse = Boolean()
    reserved = Keyword()
    cpv = Keyword()
    cpv_facet = Keyword()
    location = Keyword()
    location_facet = Keyword()
    theme = Keyword()
    theme_facet = Keyword()

    @classmethod
    def from_entry(cls, entry):
        """Build the document from a `LotEntry` whose tags are prefetched."""
        tags = {"cpv": [], "location": [], "theme": []}
        for tag in entry.tags.all():
            tags[tag.facet].append(tag)
        document = cls(
            meta={"id": entry.lot_id or entry.external_key},
            lot_id=entry.lot_id,
            external_key=entry.external_key or None,
            opportunity_id=entry.group,
            source=entry.source or None,
            headline=entry.headline or None,
            opportunity_title=entry.opportunity_title,
            opportunity_url=entry.opportunity_url,
            reference=entry.reference,
            summary=entry.summary,
            opportunity_description=entry.opportunity_description,
            buyer_name=entry.buyer_name,
            buyer_slug=entry.buyer_slug,
            buyer_facet=f"{entry.buyer_slug}{FACET_SEPARATOR}{entry.buyer_name}" if entry.buyer_slug else None,
            lot_number=entry.lot_number,
            lot_title=entry.lot_title,
            lot_description=entry.lot_description,
            lot_count=entry.lot_count,
            keywords=" ".join(tag.label for facet_tags in tags.values() for tag in facet_tags),
            stage=entry.stage,
            procedure=entry.procedure,
            regime=entry.regime,
            published_date=entry.published_date,
            submission_deadline=entry.submission_deadline,
            value_min=float(entry.value_min) if entry.value_min is not None else None,
            value=float(entry.value) if entry.value is not None else None,
            suitable_for_sme=entry.suitable_for_sme,
            suitable_for_vcse=entry.suitable_for_vcse,
            reserved=entry.reserved,
        )
        for facet, facet_tags in tags.items():
            setattr(document, facet, [tag.value for tag in facet_tags])
            setattr(document, f"{facet}_facet", [f"{tag.value}{FACET_SEPARATOR}{tag.label}" for tag in facet_tags])
        return document
