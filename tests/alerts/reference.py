"""A brute-force matcher, written straight from docs/alerts.md, to check the indexed one against.

It looks at every subscription for every lot and shares nothing with alerts.matching except the lot and
profile data classes, so a bug in the index cannot hide in both.
"""

import re


def words(text):
    found = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if len(word) <= 2:
            continue
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return found


def place_fits(wanted, delivered, places):
    """`places` maps id → (is_region, region_id)."""
    for place in delivered:
        if place == wanted:
            return True
        is_region, region = places[place]
        if region == wanted:  # lot in a local area of the region the supplier chose
            return True
        if is_region and places[wanted][1] == place:  # lot across the region of the supplier's local area
            return True
    return False


def fits(profile, lot, places):
    if profile.phrases and not any(terms <= lot.terms for _, terms in profile.phrases):
        return False
    if profile.cpv_prefixes and not any(c.startswith(p) for p in profile.cpv_prefixes for c in lot.cpv_codes):
        return False
    if profile.location_ids and not any(place_fits(w, lot.location_ids, places) for w in profile.location_ids):
        return False
    lowest = lot.value_min if lot.value_min is not None else lot.value_max
    if profile.max_value is not None and lowest is not None and lowest > profile.max_value:
        return False
    if profile.groups and not profile.groups & lot.groups:
        return False
    return not (profile.buyer_id is not None and profile.buyer_id != lot.buyer_id)


def brute_force(profiles, lots, places):
    return {(p.id, lot.id) for lot in lots for p in profiles if fits(p, lot, places)}
