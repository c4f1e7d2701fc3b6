"""Who is asking: a signed-in supplier, a buyer (a Wagtail user in an organisation's buyers group) or a prime.

Suppliers and primes have no user account. A supplier's verified address, and the prime links a browser
has opened, are kept in the session; buyers sign in to the Wagtail admin as they already do. Every view
asks these functions, so each rule about who may see what is written once.
"""

from portal.models import OrganisationPage

from .models import PrimeAccess, Supplier

SUPPLIER_EMAIL = "suppliers_email"
PRIME_ACCESS = "suppliers_prime_access"


def sign_in_supplier(request, email):
    # A new session key on sign-in, so a session id planted before sign-in is worth nothing after it.
    request.session.cycle_key()
    request.session[SUPPLIER_EMAIL] = email.lower()


def sign_out_supplier(request):
    request.session.pop(SUPPLIER_EMAIL, None)
    request.session.pop(PRIME_ACCESS, None)


def supplier_email(request):
    """The address this browser has proved it owns, or ''."""
    return request.session.get(SUPPLIER_EMAIL, "")


def current_supplier(request):
    email = supplier_email(request)
    return (
        Supplier.objects.filter(email=email).prefetch_related("work", "locations", "partners").first()
        if email
        else None
    )


def buyer_organisation(user):
    """The organisation whose buyers group the user is in (the first, by name), or None."""
    if not user.is_authenticated:
        return None
    return OrganisationPage.objects.filter(buyers_group__user=user).order_by("title").first()


def grant_prime(request, access):
    ids = set(request.session.get(PRIME_ACCESS, []))
    ids.add(access.pk)
    request.session.cycle_key()
    request.session[PRIME_ACCESS] = sorted(ids)


def prime_accesses(request):
    """The subcontracting links this browser has opened (still valid: a revoked link's row is gone)."""
    ids = request.session.get(PRIME_ACCESS, [])
    return PrimeAccess.objects.filter(pk__in=ids).select_related("award__lot__opportunity__buyer") if ids else None


def is_prime(request):
    return bool(request.session.get(PRIME_ACCESS)) and prime_accesses(request).exists()


def can_search_directory(request, organisation=None):
    """Buyers, staff and primes search every findable supplier; everyone else sees the public listing.

    `organisation` is the user's buyer organisation when the caller has already looked it up.
    """
    user = request.user
    if organisation is not None or (user.is_authenticated and user.is_superuser):
        return True
    return is_prime(request)
