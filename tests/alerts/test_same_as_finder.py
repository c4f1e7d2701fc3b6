"""An alert made from a search sends exactly the new lots that the finder shows for that search.

Random catalogues (the finder's search table, with random stages, deadlines, values, flags, places,
types of work, buyers and words) and random finder URLs: for each search, the lots `match_lots` sends
for a random set of new lots must be the finder's results restricted to those lots. With
ELASTICSEARCH_URL set, the same holds on Elasticsearch, where alerts use its percolator.
"""

import datetime
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from django.db import transaction
from django.http import QueryDict

from alerts.matching import match_lots
from alerts.models import Subscription
from finder.backends import DatabaseBackend, get_backend
from finder.filters import FinderFilterSet
from finder.indexing import update_search_vectors
from finder.models import EntryTag, IndexChange, IndexVersion, LotEntry
from finder.query import CLOSING_DAYS, RESERVED, STAGES, VALUE_BANDS
from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Procedure
from opportunities.procurement_act import ContractSize
from portal import clock
from portal.factories import LocationFactory, SocialValueThemeFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

OPPORTUNITIES, LOTS_EACH = 4, 4
# Words in several forms (stemming), a stop word, and words that only buyer, place or CPV names hold.
WORDS = ["meal", "meals", "school", "catering", "caterers", "cleaning", "clean", "window", "the", "grass", "cutting"]
STORED_STAGES = ["open", "pipeline", "market_engagement", "evaluation", "awarded", "cancelled"]
DIVISIONS = {"55": "Hotel, restaurant and retail trade services", "90": "Sewage, refuse, cleaning services"}
LOCATIONS = {"preston": "Preston", "tld": "North West", "lancaster": "Lancaster"}
THEMES = {"local-jobs": "Local jobs", "net-zero": "Net zero"}


@pytest.fixture
def lots(organisation, other_organisation):
    """Real lots for the search table's rows to point at (their content comes from each example)."""
    for slug, name in LOCATIONS.items():
        LocationFactory(slug=slug, name=name)
    for slug, name in THEMES.items():
        SocialValueThemeFactory(slug=slug, name=name)
    found = []
    for number in range(OPPORTUNITIES):
        opportunity = OpportunityPageFactory(parent=organisation if number % 2 else other_organisation)
        found.extend(LotFactory(opportunity=opportunity, number=n + 1) for n in range(LOTS_EACH))
    return found, [organisation.slug, other_organisation.slug], {organisation.slug: organisation.title}


text = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
entry = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(["open", "open", "pipeline", *STORED_STAGES]),
        "deadline_days": st.none() | st.integers(-5, 40),
        "value": st.none() | st.sampled_from([5_000, 25_000, 60_000, 100_000, 499_999, 500_000, 2_000_000]),
        "sme": st.booleans(),
        "vcse": st.booleans(),
        "reserved": st.sampled_from(["", *RESERVED]),
        "procedure": st.sampled_from([value for value, _ in Procedure.choices][:3]),
        "regime": st.sampled_from(["", *ContractSize.values]),  # "": exempt, or no value stated
        "buyer": st.integers(0, 1),
        "cpv": st.sets(st.sampled_from(sorted(DIVISIONS))),
        "location": st.sets(st.sampled_from(sorted(LOCATIONS))),
        "theme": st.sets(st.sampled_from(sorted(THEMES))),
        "title": text,
        "description": text,
        "new": st.integers(0, 3).map(bool),
    }
)


def words():
    word = st.sampled_from([*WORDS, "preston", "north", "hotel", "council"])
    literal = word | st.lists(word, min_size=1, max_size=3).map(lambda found: '"' + " ".join(found) + '"')
    term = st.tuples(st.sampled_from(["", "", "-"]), literal).map("".join)
    return st.lists(term | st.just("or"), max_size=5).map(" ".join)


def searches(buyers):
    """A finder URL's parameters: usually words, and up to two filters (more would rarely match anything)."""
    filters = {
        "stage": st.lists(st.sampled_from(list(STAGES)), min_size=1, max_size=3),
        "closing": st.sampled_from([str(days) for days in CLOSING_DAYS]).map(lambda d: [d]),
        "sme": st.just(["1"]),
        "vcse": st.just(["1"]),
        "reserved": st.sampled_from(list(RESERVED)).map(lambda r: [r]),
        "value": st.lists(st.sampled_from(list(VALUE_BANDS)), min_size=1, max_size=2),
        "unvalued": st.sampled_from(["include", "exclude"]).map(lambda u: [u]),
        "cpv": st.lists(st.sampled_from(sorted(DIVISIONS)), min_size=1, max_size=2),
        "location": st.lists(st.sampled_from(sorted(LOCATIONS)), min_size=1, max_size=2),
        "buyer": st.lists(st.sampled_from(buyers), min_size=1, max_size=2),
        "theme": st.lists(st.sampled_from(sorted(THEMES)), min_size=1, max_size=1),
        "regime": st.lists(st.sampled_from(ContractSize.values), min_size=1, max_size=2),
    }

    @st.composite
    def search(draw):
        chosen = draw(st.lists(st.sampled_from(sorted(filters)), max_size=2, unique=True))
        params = {name: draw(filters[name]) for name in chosen}
        if draw(st.booleans()) or not chosen:
            params["q"] = draw(words())
        return params

    return search()


def write_catalogue(lots, buyers, names, entries, now):
    """The search table for the example, as the indexer would leave it."""
    LotEntry.objects.all().delete()
    rows = []
    for lot, fields in zip(lots, entries, strict=True):
        buyer = buyers[fields["buyer"]]
        deadline = None if fields["deadline_days"] is None else now + datetime.timedelta(days=fields["deadline_days"])
        tags = [("cpv", v, DIVISIONS[v]) for v in fields["cpv"]] + [
            ("location", v, LOCATIONS[v]) for v in fields["location"]
        ]
        tags += [("theme", v, THEMES[v]) for v in fields["theme"]]
        value = None if fields["value"] is None else Decimal(fields["value"])
        names_text = " ".join(label for _, _, label in tags)
        rows.append(
            (
                LotEntry(
                    lot=lot,
                    opportunity_id=lot.opportunity_id,
                    group=lot.opportunity_id,
                    opportunity_title="Opportunity",
                    opportunity_url="/",
                    summary="",
                    buyer_slug=buyer,
                    buyer_name=names.get(buyer, "Westmoor County Council"),
                    lot_number=lot.number,
                    lot_title=fields["title"],
                    lot_description=fields["description"],
                    stage=fields["stage"],
                    procedure=fields["procedure"],
                    regime=fields["regime"],
                    published_date=now - datetime.timedelta(days=1),
                    submission_deadline=deadline,
                    value_min=value,
                    value=value,
                    suitable_for_sme=fields["sme"],
                    suitable_for_vcse=fields["vcse"],
                    reserved=fields["reserved"],
                    text=" ".join([fields["title"], fields["description"], names_text]).lower(),
                ),
                tags,
            )
        )
    saved = LotEntry.objects.bulk_create([row for row, _ in rows])
    EntryTag.objects.bulk_create(
        [
            EntryTag(entry=row, facet=facet, value=value, label=label)
            for row, (_, tags) in zip(saved, rows, strict=True)
            for facet, value, label in tags
        ]
    )
    update_search_vectors(LotEntry.objects.all())
    IndexChange.log(IndexVersion.bump())


def finder_lots(params, now, backend):
    query = FinderFilterSet(params).search_query(per_page=1000, now=now)
    results = backend.search(query)
    return {lot.lot_id for hit in results.hits for lot in hit.lots}


EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@EXAMPLES
@given(data=st.data())
def test_an_alert_sends_exactly_the_new_lots_its_search_shows_in_the_finder(lots, data):
    check_alerts_against_the_finder(lots, data, DatabaseBackend())


@pytest.fixture
def elasticsearch(settings):
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("Set ELASTICSEARCH_URL to check alerts (the percolator) against the finder on Elasticsearch.")
    settings.SEARCH_BACKEND, settings.ELASTICSEARCH_URL = "elasticsearch", os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_INDEX_PREFIX = "test-alerts"
    return get_backend("elasticsearch")


@pytest.mark.elasticsearch
@settings(EXAMPLES, max_examples=20)
@given(data=st.data())
def test_on_elasticsearch_an_alert_sends_exactly_the_new_lots_its_search_shows(lots, elasticsearch, data):
    check_alerts_against_the_finder(lots, data, elasticsearch)


def check_alerts_against_the_finder(lots, data, backend):
    found, buyers, names = lots
    entries = data.draw(st.lists(entry, min_size=len(found), max_size=len(found)), label="catalogue")
    searched = data.draw(st.lists(searches(buyers), min_size=1, max_size=8), label="searches")
    now = clock.now()
    new = [lot.pk for lot, fields in zip(found, entries, strict=True) if fields["new"]]
    with transaction.atomic():
        write_catalogue(found, buyers, names, entries, now)
        if backend.name == "elasticsearch":
            backend.rebuild()
            backend.refresh()
        subscriptions = []
        for number, values in enumerate(searched):
            params = QueryDict(mutable=True)
            for name, value in values.items():
                params.setlist(name, [value] if isinstance(value, str) else value)
            saved = FinderFilterSet(params).saved_values()
            subscription = Subscription.objects.create(
                email=f"s{number}@example.org", search=saved, consent_text="I agree.", confirmed_at=now
            )
            subscriptions.append((subscription.pk, params))
        matches = match_lots(new, now=now)
        sent = {}
        for match in matches:
            sent.setdefault(match.subscription_id, set()).add(match.lot_id)
            assert match.reasons is not None
        event(f"searches sending some lot: {len(sent)}")
        for subscription_id, params in subscriptions:
            assert sent.get(subscription_id, set()) == finder_lots(params, now, backend) & set(new), params.urlencode()
        transaction.set_rollback(True)
