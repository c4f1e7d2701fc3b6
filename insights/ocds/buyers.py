"""Which organisation in the portal an OCDS release's buyer is: by identifier first, then by name.

A release whose buyer is not one of the partnership's organisations is skipped and counted, not refused:
publishers' feeds carry every public body's notices. For one-off loads of history, `add_buyer` creates a
draft organisation page for such a buyer, which an editor checks before publishing it.
"""

from django.utils.text import slugify

from portal.identifiers import IdentifierScheme
from portal.models import OrganisationIndexPage, OrganisationPage

from .releases import prefix


def buyer_party(release):
    """The buyer's party (with identifier and address where the release gives them), or None."""
    parties = [party for party in release.get("parties") or [] if isinstance(party, dict)]
    named = release.get("buyer") if isinstance(release.get("buyer"), dict) else None
    if named and named.get("id") is not None:
        for party in parties:
            if str(party.get("id")) == str(named["id"]):
                return {**party, **{key: value for key, value in named.items() if value}}
    if named:
        return named
    return next((party for party in parties if "buyer" in (party.get("roles") or [])), None)


def identifiers_of(party):
    """Every (scheme, id) the party is known by: its identifier, additional identifiers and its party id."""
    found = []
    for identifier in [party.get("identifier"), *(party.get("additionalIdentifiers") or [])]:
        if isinstance(identifier, dict) and identifier.get("scheme") and identifier.get("id"):
            found.append((str(identifier["scheme"]).strip().upper(), str(identifier["id"]).strip().upper()))
    return found


def _by_identifier(party, organisations):
    """Match on the identifiers organisations carry: the PPON (how the CDP names a buyer), then the others."""
    for scheme, identifier in identifiers_of(party):
        if scheme == IdentifierScheme.PPON:
            found = organisations.filter(ppon__iexact=identifier).first()
        else:
            found = organisations.filter(
                identifiers__scheme__iexact=scheme, identifiers__identifier__iexact=identifier
            ).first()
        if found is not None:
            return found
    return None


def find_buyer(party, organisations=None):
    """The organisation page for a buyer party, or None when it is outside the partnership."""
    organisations = organisations if organisations is not None else OrganisationPage.objects.all()
    party_id = str(party.get("id") or "")
    own = f"{prefix()}-buyer-"
    if party_id.startswith(own):
        found = organisations.filter(slug=party_id[len(own) :]).first()
        if found is not None:
            return found
    found = _by_identifier(party, organisations)
    if found is not None:
        return found
    name = " ".join(str(party.get("name") or "").split())
    return organisations.filter(title__iexact=name).first() if name else None


def buyer_name(party):
    return " ".join(str((party or {}).get("name") or "").split()) or str((party or {}).get("id") or "an unnamed buyer")


def add_buyer(party):
    """A draft organisation page for a buyer outside the partnership (for one-off loads of history), with its
    PPON when the release gives one, so its later notices match it by identifier."""
    index = OrganisationIndexPage.objects.first()
    if index is None:
        return None
    name = buyer_name(party)[:255]
    ppon = next((number for scheme, number in identifiers_of(party) if scheme == IdentifierScheme.PPON), "")
    organisation = OrganisationPage(
        ppon=ppon[:20],
        title=name,
        slug=_free_slug(index, name),
        organisation_type=OrganisationPage.OrganisationType.OTHER,
        intro=f"Added from published contracting data. Edit this page to say what {name} buys and how."[:600],
        live=False,
    )
    index.add_child(instance=organisation)
    organisation.save_revision()
    return organisation


def _free_slug(parent, name):
    base = slugify(name)[:200] or "buyer"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
