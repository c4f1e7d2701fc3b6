"""Compiled records: every release of one contracting process, and its current state merged from them.

The compiled release comes from `ocdsmerge`, the Open Contracting Partnership's reference implementation of
the OCDS merge routine, with merge rules read from the shipped release schema (lots extension applied), so
nothing is fetched from the network.
"""

from functools import lru_cache

import ocdsmerge

from . import schema


@lru_cache(maxsize=1)
def merger():
    return ocdsmerge.Merger(schema=schema.release_schema(str(schema.schema_dir())))


def compile_record(releases):
    """An OCDS record (embedded releases plus the compiled release) from releases sorted oldest first."""
    compiled = merger().create_compiled_release(releases)
    return {"ocid": compiled["ocid"], "releases": releases, "compiledRelease": compiled}
