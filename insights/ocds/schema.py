"""Validating OCDS data against the standard's JSON schemas (1.1.5 with the lots extension).

The schemas ship with the portal in `insights/ocds/schemas/` (their source and licence are noted there);
OCDS_SCHEMA_DIR (an environment variable or setting) points elsewhere when needed. The lots extension's
release schema is a JSON Merge Patch (RFC 7386) applied to the core release schema; package schemas refer to
the release schema by its published URL, which is mapped to the patched copy with a `referencing` registry
(no network access). Dates are checked with jsonschema's format checker, which needs `rfc3339-validator`
for `date-time`: without it the check silently passes, so the portal depends on it.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
CORE = "1.1.5"
LOTS = "lots-extension-v1.1.5"
BUNDLED = Path(__file__).resolve().parent / "schemas"


def schema_dir():
    """The folder holding the schemas: OCDS_SCHEMA_DIR when it has them, else the copy shipped with the portal."""
    configured = getattr(settings, "OCDS_SCHEMA_DIR", "")
    if configured and (Path(configured) / CORE / "release-schema.json").exists():
        return Path(configured)
    return BUNDLED


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load(folder, *parts):
    return json.loads((folder.joinpath(*parts)).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def release_schema(folder=None):
    """The release schema with the lots extension applied."""
    folder = Path(folder or schema_dir())
    return merge_patch(_load(folder, CORE, "release-schema.json"), _load(folder, LOTS, "release-schema.json"))


@lru_cache(maxsize=4)
def validators(folder):
    """(release validator, release package validator, record package validator) for a schema folder."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    folder = Path(folder)
    release = release_schema(str(folder))
    registry = Registry().with_resource(RELEASE_SCHEMA_URL, Resource.from_contents(release, DRAFT4))
    return tuple(
        Draft4Validator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)
        for schema in (
            release,
            _load(folder, CORE, "release-package-schema.json"),
            _load(folder, CORE, "record-package-schema.json"),
        )
    )


def errors(validator, data, limit=5):
    """Plain messages for the first few schema errors, each with where it is."""
    found = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top level)'}: {error.message}" for error in found[:limit]
    ]
