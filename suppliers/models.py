"""Supplier profiles, the sign-in links that stand in for passwords, quick quotes and subcontracts.

A profile belongs to one verified email address. Nobody has a password: a person proves the address by
opening a sign-in link (see `signin`). Buyers are Wagtail users in an organisation's buyers group; a prime
contractor is whoever holds a signed link for one of its awards (see `primes`).
"""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from portal import clock
from portal.postcodes import postcode_district
from portal.suppliers import SupplierKind, SupplierSize


def new_secret():
    return secrets.token_urlsafe(16)


class Supplier(models.Model):
    """A business's profile: who it is, what it does, where, and whether buyers may find it."""

    email = models.EmailField(max_length=254, unique=True, help_text="Verified by a sign-in link; stored lower case.")
    business_name = models.CharField(max_length=160)
    companies_house_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=12, blank=True)
    ppon = models.CharField("PPON", max_length=14, blank=True)
    postcode = models.CharField(max_length=8)
    # The outward part of the postcode, kept so that "local" is an indexed equality, not a string function.
    postcode_district = models.CharField(max_length=4, db_index=True, editable=False)
    size = models.CharField(max_length=10, choices=SupplierSize.choices)
    kind = models.CharField(max_length=20, choices=SupplierKind.choices)
    description = models.TextField("what the business does, in its own words", max_length=1000)
    locations = models.ManyToManyField("portal.Location", blank=True, related_name="suppliers")
    certificates = models.TextField(blank=True, max_length=1000, help_text="One a line, like Cyber Essentials.")
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    partners = models.ManyToManyField(
        "events.Partner", blank=True, related_name="member_suppliers", verbose_name="business groups it belongs to"
    )
    findable = models.BooleanField(
        "buyers and prime contractors can find it", default=True, help_text="In the directory for signed-in buyers."
    )
    listed_publicly = models.BooleanField(
        "in the public directory", default=False, help_text="Also shown to everyone and in its groups' listings."
    )

    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    # Every word the directory's keyword search looks at, lower case: name, own words, CPV labels, certificates.
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False, help_text="Full-text vector (PostgreSQL only).")

    class Meta:
        ordering = ["business_name", "pk"]
        # The directory, for buyers (findable) and for everyone (listed publicly). It lists by name, so the
        # first page of a broad search is read in index order and stops after twenty; the filter columns
        # follow, so counting the matches (with a kind, size or district) reads only the index.
        indexes = [
            models.Index(
                fields=["business_name", "id", "kind", "size", "postcode_district"],
                condition=models.Q(findable=True),
                name="suppliers_findable_name_idx",
            ),
            models.Index(
                fields=["business_name", "id", "kind", "size", "postcode_district"],
                condition=models.Q(listed_publicly=True),
                name="suppliers_public_name_idx",
            ),
        ]

    def __str__(self):
        return self.business_name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.postcode_district = postcode_district(self.postcode)
        super().save(*args, **kwargs)

    @property
    def divisions(self):
        return sorted({work.division for work in self.work.all()})

    def certificate_list(self):
        return [line.strip() for line in self.certificates.splitlines() if line.strip()]


class SupplierWork(models.Model):
    """One CPV code (or division, group...) a supplier works in, with its division for counting and filtering."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="work")
    prefix = models.CharField("CPV code or its significant digits", max_length=8)
    division = models.CharField(max_length=2, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supplier", "prefix"], name="suppliers_work_once")]
        indexes = [models.Index(fields=["division", "supplier"], name="suppliers_work_division_idx")]

    def __str__(self):
        return f"{self.supplier_id}: {self.prefix}"

    def save(self, *args, **kwargs):
        self.division = self.prefix[:2]
        super().save(*args, **kwargs)


class SignInLink(models.Model):
    """One emailed sign-in link. The link is signed and expires; this row makes it work only once."""

    email = models.EmailField(max_length=254)
    key = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="suppliers_signin_created_idx")]

    def __str__(self):
        return f"Sign-in link {self.pk}"


class QuoteRequest(models.Model):
    """A buyer's request for quotes on a small (below-threshold) job, sent to suppliers it chose."""

    organisation = models.ForeignKey("portal.OrganisationPage", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=160)
    message = models.TextField(max_length=2000)
    reply_by = models.DateField()
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class QuoteInvitation(models.Model):
    """One supplier asked to quote, and what it answered. Kept (without the profile) if the profile is deleted."""

    class Response(models.TextChoices):
        WAITING = "waiting", "No answer yet"
        WILL_QUOTE = "will_quote", "Will send a quote"
        DECLINED = "declined", "Cannot quote this time"

    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey(Supplier, null=True, on_delete=models.SET_NULL, related_name="invitations")
    # The organisation the invitation came from, copied from the request so rotation counts need no join.
    organisation = models.ForeignKey("portal.OrganisationPage", on_delete=models.CASCADE, related_name="+")
    business_name = models.CharField(max_length=160)
    sent_at = models.DateTimeField(default=clock.now)
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.WAITING)
    responded_at = models.DateTimeField(null=True, blank=True)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)

    class Meta:
        ordering = ["business_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "supplier"], name="suppliers_invite_once")]
        indexes = [models.Index(fields=["organisation", "supplier", "sent_at"], name="suppliers_invite_rotation_idx")]

    def __str__(self):
        return f"{self.business_name}: {self.request_id}"


class PrimeAccess(models.Model):
    """A signed link given to the winner of an award, so it can post subcontracts tied to that award."""

    award = models.ForeignKey("opportunities.Award", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(max_length=254)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Subcontracting link for award {self.award_id}"


class Subcontract(models.Model):
    """Work a prime contractor offers to smaller firms under one of its awards."""

    award = models.ForeignKey("opportunities.Award", on_delete=models.CASCADE, related_name="subcontracts")
    title = models.CharField(max_length=160)
    description = models.TextField(max_length=2000)
    deadline = models.DateTimeField(help_text="When replies must arrive.")
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline"], name="suppliers_subcontract_dl_idx")]

    def __str__(self):
        return self.title


class SubcontractLot(models.Model):
    """A part of a subcontract that a small firm can take on by itself."""

    subcontract = models.ForeignKey(Subcontract, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    description = models.TextField(max_length=1000, blank=True)
    value = models.DecimalField("estimated value (£, ex VAT)", max_digits=14, decimal_places=2, null=True, blank=True)
    division = models.CharField("type of work (CPV division)", max_length=2, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["subcontract", "number"], name="suppliers_sublot_number")]

    def __str__(self):
        return f"Lot {self.number}: {self.title}"


class SubcontractAward(models.Model):
    """Money a prime reports it passed on to a subcontractor: the second tier of spend."""

    award = models.ForeignKey("opportunities.Award", on_delete=models.CASCADE, related_name="subcontract_awards")
    subcontract = models.ForeignKey(
        Subcontract, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    supplier_name = models.CharField(max_length=160)
    supplier_postcode = models.CharField(max_length=8)
    supplier_size = models.CharField(max_length=10, choices=SupplierSize.choices)
    supplier_kind = models.CharField(max_length=20, choices=SupplierKind.choices)
    value = models.DecimalField("value (£, ex VAT)", max_digits=14, decimal_places=2)
    awarded_on = models.DateField()
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-awarded_on", "pk"]

    def __str__(self):
        return f"{self.supplier_name}: {self.value}"

    @property
    def postcode_district(self):
        return postcode_district(self.supplier_postcode)
