"""Choose the finder's search backend (`SEARCH_BACKEND`) and fall back to the database when
Elasticsearch cannot answer, so the finder never fails because a search cluster is down."""

import logging

from django.conf import settings

from .base import SearchBackend
from .database import DatabaseBackend

logger = logging.getLogger(__name__)


class SearchUnavailable(Exception):
    """The backend could not be reached or refused the request."""


def get_backend(name=None):
    name = name or settings.SEARCH_BACKEND
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(settings.ELASTICSEARCH_URL, prefix=settings.SEARCH_INDEX_PREFIX)
    return DatabaseBackend()


def search(query, backend=None):
    """Run the query on the configured backend; answer from the database if that backend is unavailable."""
    backend = backend or get_backend()
    try:
        return backend.search(query)
    except SearchUnavailable as error:
        logger.warning(
            "Search backend %s is unavailable (%s); answering from the database instead.", backend.name, error
        )
        return DatabaseBackend().search(query)


__all__ = ["DatabaseBackend", "SearchBackend", "SearchUnavailable", "get_backend", "search"]
