"""Which events' registrations a signed-in admin user may see.

Pages are protected by Wagtail's page permissions; registrations are not pages, so every admin view
filters through `events_for`. Superusers and anyone granted `events.view_registration` (the editors)
see every event; a buyer sees the events of the organisations whose buyers group they are in.
"""

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
    return events.filter(organiser__in=organisations_for(user))


def can_manage_registrations(user):
    return user.is_active and (sees_all_events(user) or organisations_for(user).exists())
