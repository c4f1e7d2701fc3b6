"""When the shared page cache is purged: after any content change commits.

"Content" is every model except the operational ones below, so a new model that appears on a page
(an award, a setting, a new app's data) purges the cache without anyone remembering to say so. Writes
that send no model signal are covered too: Wagtail's page moves (`post_page_move`), and the bulk or
raw-SQL writes of background tasks (the finder's index, the insights summaries), by purging again when
any task finishes, except those in QUIET_TASKS that only send email. Places left at events are not
cached at all (a live fragment), so registrations do not purge.

Wagtail's frontend cache (`wagtail.contrib.frontend_cache`, with FRONTEND_CACHE_PURGE_URL or
WAGTAILFRONTENDCACHE) purges a CDN's copy of a page's own URLs on publish and unpublish; the CDN keeps
other pages only briefly (PAGE_CACHE_CDN_SECONDS).
"""

from django_tasks.signals import task_finished

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.pagecache import purge_all

# Written often, shown on no shared page (or only through a live fragment): saving them never purges.
OPERATIONAL_MODELS = {
    "admin.LogEntry",
    "alerts.Delivery",
    "alerts.Digest",
    "alerts.EventNotice",
    "alerts.Subscription",
    "auth.User",  # last_login on every sign-in
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "django_tasks_database.DBTaskResult",  # task_finished below covers what tasks write
    "events.Registration",  # places left is a live fragment
    "sessions.Session",
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.PageSubscription",
    "wagtailcore.TaskState",
    "wagtailcore.WorkflowState",
    "wagtailembeds.Embed",
    "wagtailforms.FormSubmission",
    "wagtailimages.Rendition",  # made while a page renders
    "wagtailsearch.IndexEntry",
    "wagtailusers.UserProfile",
}


def purge_after_commit():
    """Purge once the current transaction commits (at once outside one).

    Purging before the commit would let a request store the old content under the new generation.
    A transaction that saves many rows purges many times: each purge is one small Redis write.
    """
    transaction.on_commit(purge_all, robust=True)


def is_content(sender):
    return getattr(sender, "_meta", None) is not None and sender._meta.label not in OPERATIONAL_MODELS


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, **kwargs):
    if is_content(sender):
        purge_after_commit()


@receiver(m2m_changed)
def content_linked(sender, action, **kwargs):
    if action.startswith("post_") and is_content(kwargs["model"]):
        purge_after_commit()


# Background tasks that only send email or keep Wagtail's own bookkeeping: finishing one changes no page.
QUIET_TASKS = (
    "alerts.tasks.",
    "events.tasks.",
    "wagtail.tasks.update_reference_index_task",
    "wagtail.contrib.frontend_cache.",  # purging a CDN's copy changes nothing here
)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def pages_changed(sender, **kwargs):
    purge_after_commit()


@receiver(task_finished)
def task_finished_purge(sender, task_result, **kwargs):
    if not task_result.task.module_path.startswith(QUIET_TASKS):
        purge_after_commit()
