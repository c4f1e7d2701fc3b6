"""Rebuild the finder's search index from every live opportunity, showing progress."""

from django.core.management.base import BaseCommand, CommandError

from finder.backends import SearchUnavailable, get_backend
from finder.indexing import rebuild


def progress_bar(stream, label):
    """A one-line text progress bar: label [#####.....] done/total."""

    def show(done, total):
        width = 30
        filled = width * done // total if total else width
        stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Rebuild the opportunity finder's search index (and Elasticsearch's, when it is the search backend)."

    def handle(self, *args, **options):
        count = rebuild(progress=progress_bar(self.stdout, "Opportunities"))
        self.stdout.write(f"\nIndexed {count} opportunities in the database search table.")
        backend = get_backend()
        if backend.name == "database":
            return
        try:
            name = backend.rebuild(progress=progress_bar(self.stdout, "Lots to Elasticsearch"))
        except SearchUnavailable as error:
            raise CommandError(
                f"Could not rebuild the Elasticsearch index ({error}). Check ELASTICSEARCH_URL and that the "
                "cluster is running; the finder answers from the database meanwhile."
            ) from error
        self.stdout.write(f"\nElasticsearch now serves index {name} through alias {backend.alias}.")
