"""One supplier, however the files spell it.

Three steps, from sure to unsure:
1. Same company (or charity) number: the same supplier, whatever the name says.
2. Same normalised name (spend.names.normalise): "ACME LTD" and "Acme Limited." are one supplier.
3. Names that look alike but may not be the same business ("ACME SERVICES" and "ACME", "NORTHSHIRE
   GROUNDS CARE" and "NORTHSHIRE GROUND CARE") become proposed merges. Nothing joins until the analyst
   confirms, and a confirmed merge can be undone: the spellings it moved are written down.
"""

from difflib import SequenceMatcher
from itertools import combinations

from django.db import transaction
from django.db.models import Q

from portal import clock

from . import names
from .models import Supplier, SupplierMerge, SupplierName
from .places import split_postcode, tidy_postcode

REDACTED_NAME = "Supplier not named"
SIMILAR_ENOUGH = 0.9
LARGEST_BLOCK = 60  # names sharing a first word compared pairwise; bigger groups are too vague to compare


def redacted_supplier():
    supplier, _ = Supplier.objects.get_or_create(
        key=names.REDACTED_KEY, defaults={"name": REDACTED_NAME, "redacted": True}
    )
    SupplierName.objects.get_or_create(
        key=names.REDACTED_KEY, defaults={"supplier": supplier, "example": "(blank or withheld)"}
    )
    return supplier


class SupplierResolver:
    """Finds or creates the supplier of each line, a batch at a time, with caches that last one import."""

    def __init__(self):
        self.by_key = dict(SupplierName.objects.values_list("key", "supplier_id"))
        self.by_company = dict(Supplier.objects.exclude(company_number="").values_list("company_number", "pk"))
        self.by_charity = dict(Supplier.objects.exclude(charity_number="").values_list("charity_number", "pk"))
        self.redacted_id = None
        self.created = 0

    def resolve(self, lines):
        """[(supplier id, key)] for the lines, in order."""
        new_names, new_suppliers, keys = {}, {}, []
        for line in lines:
            raw = line.values.get("supplier", "")
            key = names.normalise(raw)[:255]
            if line.redacted or not key:
                if self.redacted_id is None:
                    self.redacted_id = redacted_supplier().pk
                keys.append(names.REDACTED_KEY)
                continue
            keys.append(key)
            if key in self.by_key or key in new_names or key in new_suppliers:
                continue
            company = names.company_number(line.values.get("company_number", ""))
            charity = names.charity_number(line.values.get("charity_number", ""))
            known = self.by_company.get(company) if company else None
            known = known or (self.by_charity.get(charity) if charity else None)
            if known:
                new_names[key] = (raw, known)
            else:
                new_suppliers[key] = self._new_supplier(key, raw, company, charity, line.values.get("postcode", ""))
        if new_suppliers:
            created = Supplier.objects.bulk_create(new_suppliers.values())
            self.created += len(created)
            for supplier in created:
                new_names[supplier.key] = (supplier.name, supplier.pk)
                if supplier.company_number:
                    self.by_company[supplier.company_number] = supplier.pk
                if supplier.charity_number:
                    self.by_charity[supplier.charity_number] = supplier.pk
        if new_names:
            SupplierName.objects.bulk_create(
                [SupplierName(key=k, example=raw[:255], supplier_id=pk) for k, (raw, pk) in new_names.items()]
            )
            self.by_key.update((k, pk) for k, (_, pk) in new_names.items())
        return [(self.redacted_id if key == names.REDACTED_KEY else self.by_key[key], key) for key in keys]

    @staticmethod
    def _new_supplier(key, raw, company, charity, postcode):
        district, area = split_postcode(postcode)
        kind = names.legal_form(raw) or ("vcse" if charity else "")
        return Supplier(
            key=key,
            name=" ".join(raw.split())[:255],
            company_number=company,
            charity_number=charity,
            postcode=tidy_postcode(postcode),
            district=district,
            area=area,
            kind=kind,
            kind_source="Charity number in the payment file" if charity and not names.legal_form(raw) else "",
        )


def _looks_alike(first, second):
    """Why two keys may be one supplier, or None."""
    a, b = first.key, second.key
    if a.startswith(b + " ") or b.startswith(a + " "):
        return "One name is the other with words added"
    if SequenceMatcher(None, a, b).ratio() >= SIMILAR_ENOUGH:
        return "The names are spelled almost the same"
    if first.postcode and first.postcode == second.postcode:
        return f"Same first word and the same postcode, {first.postcode}"
    return None


def propose_merges():
    """Propose merges for look-alike suppliers that have not been proposed before. Returns how many."""
    decided = set(SupplierMerge.objects.values_list("keep_id", "other_id"))
    decided |= {(b, a) for a, b in decided}
    blocks = {}
    suppliers = Supplier.objects.filter(merged_into__isnull=True, redacted=False).only(
        "pk", "key", "postcode", "company_number"
    )
    for supplier in suppliers.iterator(chunk_size=5000):
        blocks.setdefault(supplier.key.split(" ")[0], []).append(supplier)
    proposals = []
    for block in blocks.values():
        if len(block) < 2 or len(block) > LARGEST_BLOCK:
            continue
        for first, second in combinations(block, 2):
            if (first.pk, second.pk) in decided:
                continue
            if first.company_number and second.company_number and first.company_number != second.company_number:
                continue  # two registered companies: different businesses, however alike the names
            reason = _looks_alike(first, second)
            if reason:
                keep, other = _keeper(first, second)
                proposals.append(SupplierMerge(keep=keep, other=other, reason=reason))
                decided |= {(first.pk, second.pk), (second.pk, first.pk)}
    SupplierMerge.objects.bulk_create(proposals, ignore_conflicts=True)
    return len(proposals)


def _keeper(first, second):
    """The supplier that stays: the one with a company number, else the shorter (plainer) name."""
    if bool(first.company_number) != bool(second.company_number):
        return (first, second) if first.company_number else (second, first)
    return (first, second) if (len(first.key), first.pk) <= (len(second.key), second.pk) else (second, first)


class MergeRefused(Exception):
    pass


def _anchors_paying(*suppliers):
    from .models import Payment

    return list(Payment.objects.filter(supplier__in=suppliers).values_list("anchor_id", flat=True).distinct())


@transaction.atomic
def confirm_merge(merge, user=None):
    """Join `other` into `keep`: its spellings and payments move, and the figures follow."""
    from .models import Payment
    from .summary import refresh

    merge = SupplierMerge.objects.select_for_update().select_related("keep", "other").get(pk=merge.pk)
    if merge.status == SupplierMerge.Status.CONFIRMED:
        return merge
    if merge.keep.merged_into_id or merge.other.merged_into_id:
        raise MergeRefused("One of these suppliers has already been merged into another. Decide that merge first.")
    keys = list(SupplierName.objects.filter(supplier=merge.other).values_list("key", flat=True))
    SupplierName.objects.filter(key__in=keys).update(supplier=merge.keep)
    Payment.objects.filter(supplier=merge.other).update(supplier=merge.keep)
    Supplier.objects.filter(pk=merge.other_id).update(merged_into=merge.keep)
    merge.status, merge.moved_keys = SupplierMerge.Status.CONFIRMED, keys
    merge.decided_by, merge.decided_at = user, clock.now()
    merge.save()
    refresh(anchor_ids=_anchors_paying(merge.keep))
    return merge


@transaction.atomic
def undo_merge(merge, user=None):
    """Split a confirmed merge: the spellings it moved, and their payments, go back."""
    from .models import Payment
    from .summary import refresh

    merge = SupplierMerge.objects.select_for_update().select_related("keep", "other").get(pk=merge.pk)
    if merge.status != SupplierMerge.Status.CONFIRMED:
        raise MergeRefused("Only a confirmed merge can be undone.")
    SupplierName.objects.filter(key__in=merge.moved_keys).update(supplier=merge.other)
    Payment.objects.filter(supplier=merge.keep, supplier_key__in=merge.moved_keys).update(supplier=merge.other)
    Supplier.objects.filter(pk=merge.other_id).update(merged_into=None)
    merge.status, merge.decided_by, merge.decided_at = SupplierMerge.Status.UNDONE, user, clock.now()
    merge.save()
    refresh(anchor_ids=_anchors_paying(merge.keep, merge.other))
    return merge


def reject_merge(merge, user=None):
    """The analyst says these are two suppliers: never propose the pair again."""
    if merge.status != SupplierMerge.Status.PROPOSED:
        raise MergeRefused("Only a proposed merge can be marked as not the same.")
    merge.status, merge.decided_by, merge.decided_at = SupplierMerge.Status.REJECTED, user, clock.now()
    merge.save()
    return merge


def open_proposals():
    return (
        SupplierMerge.objects.filter(status=SupplierMerge.Status.PROPOSED)
        .filter(Q(keep__merged_into__isnull=True) & Q(other__merged_into__isnull=True))
        .select_related("keep", "other")
        .order_by("keep__name", "other__name")
    )
