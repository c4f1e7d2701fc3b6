"""On SQLite, a full-text index (FTS5) over the search table, kept in step by triggers.

The local demo then reads the same search syntax as PostgreSQL (see finder/websearch.py). The columns
are those PostgreSQL weighs (finder.indexing.update_search_vectors), in the same order of weight, so
that ranking can weigh them alike. PostgreSQL has its tsvector and GIN index instead.
"""

from django.db import migrations

COLUMNS = (
    "lot_title",
    "opportunity_title",
    "summary",
    "buyer_name",
    "reference",
    "lot_description",
    "opportunity_description",
    "text",
)
NAMES = ", ".join(COLUMNS)


def values(row):
    return ", ".join(f"{row}.{column}" for column in COLUMNS)


CREATE = [
    f"CREATE VIRTUAL TABLE finder_lotentry_fts USING fts5({NAMES}, content='finder_lotentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER finder_lotentry_fts_insert AFTER INSERT ON finder_lotentry BEGIN "
    f"INSERT INTO finder_lotentry_fts(rowid, {NAMES}) VALUES (new.id, {values('new')}); END",
    "CREATE TRIGGER finder_lotentry_fts_delete AFTER DELETE ON finder_lotentry BEGIN "
    f"INSERT INTO finder_lotentry_fts(finder_lotentry_fts, rowid, {NAMES}) VALUES ('delete', old.id, {values('old')}); "
    "END",
    "CREATE TRIGGER finder_lotentry_fts_update AFTER UPDATE ON finder_lotentry BEGIN "
    f"INSERT INTO finder_lotentry_fts(finder_lotentry_fts, rowid, {NAMES}) VALUES ('delete', old.id, {values('old')}); "
    f"INSERT INTO finder_lotentry_fts(rowid, {NAMES}) VALUES (new.id, {values('new')}); END",
    "INSERT INTO finder_lotentry_fts(finder_lotentry_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS finder_lotentry_fts_insert",
    "DROP TRIGGER IF EXISTS finder_lotentry_fts_delete",
    "DROP TRIGGER IF EXISTS finder_lotentry_fts_update",
    "DROP TABLE IF EXISTS finder_lotentry_fts",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("finder", "0004_index_change")]

    operations = [migrations.RunPython(create, drop)]
