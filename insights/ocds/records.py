"""Compiled records: every release of one contracting process, and its current state merged from them.

The merge follows OCDS's merge routine in its simple form: later releases overwrite fields; arrays of
objects that have an `id` are merged object by object; other arrays are replaced whole.
"""

import copy


def merge(earlier, later):
    result = copy.deepcopy(earlier)
    for key, value in later.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        elif _identified_list(value) and _identified_list(result.get(key)):
            merged = {item["id"]: item for item in result[key]}
            for item in value:
                merged[item["id"]] = merge(merged[item["id"]], item) if item["id"] in merged else copy.deepcopy(item)
            result[key] = list(merged.values())
        else:
            result[key] = copy.deepcopy(value)
    return result


def _identified_list(value):
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) and "id" in item for item in value)


def compile_record(releases):
    """An OCDS record (embedded releases plus the compiled release) from releases sorted oldest first."""
    compiled = {}
    for item in releases:
        compiled = merge(compiled, item)
    compiled["id"] = f"{compiled['ocid']}-compiled"
    compiled["tag"] = ["compiled"]
    return {"ocid": compiled["ocid"], "releases": releases, "compiledRelease": compiled}
