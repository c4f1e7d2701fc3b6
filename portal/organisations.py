"""Buyer isolation: each organisation gets a group that may edit its own subtree and nothing else."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

# What a buyer may do on their organisation's pages. Deleting is left to editors on purpose:
# a published notice is a public record.
BUYER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
BUYER_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def buyers_group_name(organisation):
    return f"Buyers: {organisation.title}"[:150]


@transaction.atomic
def ensure_buyer_access(organisation):
    """Create (or repair) the organisation's buyers group and document collection. Idempotent."""
    group = organisation.buyers_group
    if group is None:
        group, _ = Group.objects.get_or_create(name=buyers_group_name(organisation))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))

    for codename in BUYER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=organisation, permission=permission)

    collection = organisation.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=organisation.title[:255])
    for app_label, codename in BUYER_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)

    if organisation.buyers_group_id != group.pk or organisation.collection_id != collection.pk:
        # update() rather than save(): this must not create a page revision or fire signals again.
        type(organisation).objects.filter(pk=organisation.pk).update(buyers_group=group, collection=collection)
        organisation.buyers_group, organisation.collection = group, collection
    return group
