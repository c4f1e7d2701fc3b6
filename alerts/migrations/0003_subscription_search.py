"""Subscriptions become saved finder searches (`Subscription.search`): alerts now match with the finder's
rules. Each saved profile is written as the finder search closest to it, keeping every choice:

- keywords: each comma-separated phrase becomes its words with "or" between phrases ("school meals,
  catering" → "school meals or catering"), leaving out the words the old matcher ignored (1–2 letters,
  "services", "contract"…), so a phrase still asks for the same words;
- CPV: each division, group or code becomes its division (the finder filters by division);
- places: the places chosen, plus the local areas of a chosen region and the region of a chosen area
  (the old matcher counted those as matches; the finder matches the places named);
- type of business: SME types → "suitable for SMEs", VCSE types → "suitable for VCSEs"; both kinds
  chosen (either would do before) → neither, rather than lots that suit both;
- largest lot value: every value band that starts below the limit (none if that is all of them);
- buyer: that buyer.

Nothing is reversed: the old columns cannot hold every finder search.
"""

import re

from django.db import migrations, models

# The old matcher's ignored words (alerts/criteria.py before this migration).
OLD_STOP_WORDS = frozenset(
    "a an and are as at be by for from in into is it of on or our the this to we with will you your services "
    "service supply supplies provision contract lot work works".split()
)
SME_TYPES = {"micro", "small", "medium", "employee_owned"}
VCSE_TYPES = {"coop", "social_enterprise", "charity"}
# (band, lowest value in it) in the finder's order.
BANDS = (("under-25k", 0), ("25k-100k", 25_000), ("100k-500k", 100_000), ("500k-plus", 500_000))


def keywords_to_search(keywords):
    phrases = []
    for raw in re.split(r"[,;\n]", keywords or ""):
        words = [w for w in re.findall(r"[a-z0-9]+", raw.lower()) if len(w) > 2 and w not in OLD_STOP_WORDS]
        if words:
            phrases.append(" ".join(dict.fromkeys(words)))
    text = ""
    for phrase in dict.fromkeys(phrases):  # the finder reads at most 200 characters
        longer = f"{text} or {phrase}" if text else phrase
        if len(longer) > 200:
            break
        text = longer
    return text


def search_of(subscription, places, buyers):
    search = {}
    q = keywords_to_search(subscription.keywords)
    if q:
        search["q"] = q
    divisions = list(dict.fromkeys(str(p)[:2] for p in subscription.cpv_prefixes or () if str(p)[:2].isdigit()))
    if divisions:
        search["cpv"] = divisions
    chosen = [place for place in subscription.locations.all()]
    slugs = {place.slug for place in chosen}
    for place in chosen:
        slugs |= places.get(place.pk, set())
    if slugs:
        search["location"] = sorted(slugs)
    types = set(subscription.supplier_types or ())
    if types & SME_TYPES and not types & VCSE_TYPES:
        search["sme"] = "1"
    if types & VCSE_TYPES and not types & SME_TYPES:
        search["vcse"] = "1"
    if subscription.max_lot_value is not None:
        bands = [band for band, low in BANDS if low < subscription.max_lot_value]
        if len(bands) < len(BANDS):
            search["value"] = bands
    if subscription.buyer_id and subscription.buyer_id in buyers:
        search["buyer"] = [buyers[subscription.buyer_id]]
    return search


def forwards(apps, schema_editor):
    Subscription = apps.get_model("alerts", "Subscription")
    Location = apps.get_model("portal", "Location")
    OrganisationPage = apps.get_model("portal", "OrganisationPage")
    rows = list(Location.objects.values_list("pk", "slug", "region_id"))
    slug_of = {pk: slug for pk, slug, _ in rows}
    related = {pk: set() for pk, _, _ in rows}  # place: the region of an area, the areas of a region
    for pk, _, region_id in rows:
        if region_id in related:
            related[pk].add(slug_of[region_id])
            related[region_id].add(slug_of[pk])
    buyers = dict(OrganisationPage.objects.values_list("pk", "slug"))
    changed = []
    for subscription in Subscription.objects.prefetch_related("locations").iterator(chunk_size=2000):
        subscription.search = search_of(subscription, related, buyers)
        changed.append(subscription)
        if len(changed) == 2000:
            Subscription.objects.bulk_update(changed, ["search"])
            changed = []
    Subscription.objects.bulk_update(changed, ["search"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_subscription_submission_key"),
        ("portal", "0006_organisation_identifiers_and_buyer_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="search",
            field=models.JSONField(blank=True, default=dict, verbose_name="finder search"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
