"""Which events' registrations a signed-in admin user may see.

Pages are protected by Wagtail's page permissions; registrations are not pages, so every admin view
filters through `events_for`. Superusers and anyone granted `events.view_registration` (the editors)
see every event; a buyer sees the events organised or co-organised by the organisations whose buyers
group they are in. Co-organisers run the event together, so they share its attendance list; only the
organiser's buyers can edit the page itself (that is Wagtail's page permissions, not this module).
"""

from django.db.models import Q

from events.models import EventPage
from portal.models import OrganisationPage


def sees_all_events(user):
    return user.is_superuser or user.has_perm("events.view_registration")


def organisations_for(user):
    return OrganisationPage.objects.filter(buyers_group__in=user.groups.all())


def events_for(user):
    events = EventPage.objects.select_related("organiser")
    if sees_all_events(user):
        return events
    organisations = organisations_for(user)
    # A subquery, not a join, so an event co-organised by two of the user's organisations appears once.
    ids = EventPage.objects.filter(Q(organiser__in=organisations) | Q(co_organisers__in=organisations)).values("pk")
    return events.filter(pk__in=ids)


def can_manage_registrations(user):
    return user.is_active and (sees_all_events(user) or organisations_for(user).exists())
