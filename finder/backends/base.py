"""The interface every finder search backend implements."""


class SearchBackend:
    """Takes a `SearchQuery`, returns `Results`. Backends also keep their own index current."""

    name = "base"

    def search(self, query):
        """Run a query: one page of grouped hits, the totals and every facet's counts."""
        raise NotImplementedError

    def counts_without(self, query, names):
        """{name: number of lots matching when only that filter is removed}, for zero-result suggestions."""
        raise NotImplementedError

    def index_opportunity(self, opportunity_id):
        """Bring one opportunity's lots up to date in this backend's index (or remove them)."""
        raise NotImplementedError

    def rebuild(self, progress=None):
        """Rebuild the whole index from the database's search table."""
        raise NotImplementedError
