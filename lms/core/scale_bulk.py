"""Write many plain rows fast: ``COPY`` on PostgreSQL, batched ``executemany`` elsewhere.

Model instances cost more to build than the insert itself at a million rows, so big tables of the
load-test data set are written as tuples of column values, already in database form (JSON as text,
UUIDs as strings, aware datetimes).
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, models

BATCH_SIZE = 5000


class ModelMissing(LookupError):
    """Raised when an app has no model of that name yet."""


def model_or_missing(label: str) -> type[models.Model]:
    """Return the model ``app_label.ModelName``, or raise ``ModelMissing`` while it does not exist."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise ModelMissing(f"no model {label} yet") from error


def columns_of(model: type[models.Model], names: Sequence[str]) -> list[str]:
    """Return the database columns of the model fields ``names`` (``user`` → ``user_id``)."""
    return [model._meta.get_field(name).column for name in names]


def db_datetime(value):
    """Return an aware datetime as the current back-end stores it (SQLite keeps UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def db_uuid(value):
    """Return a UUID as the current back-end stores it (PostgreSQL ``uuid``, 32 hex digits elsewhere)."""
    return value if connection.vendor == "postgresql" else value.hex


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table; return how many."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in columns_of(model, fields))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The raw psycopg cursor: Django's wrapper has no copy().
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


@contextmanager
def indexes_postponed(*model_classes: type[models.Model]) -> Iterator[None]:
    """Drop the secondary indexes (and, on PostgreSQL, the foreign keys) of the tables; rebuild them after.

    Keeping a B-tree in order row by row, and checking each deferred foreign key at commit, costs far
    more than building the index once from sorted rows and validating the key with one join. Primary
    keys and unique constraints stay. Must run inside the loading transaction, so a failure restores
    everything.
    """
    tables = [model._meta.db_table for model in model_classes]
    if connection.vendor == "postgresql":
        with _postgresql_postponed(tables):
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(tables))
            query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({placeholders})"  # noqa: S608
            cursor.execute(query, tables)
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        yield
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)
    else:
        yield


@contextmanager
def _postgresql_postponed(tables: list[str]) -> Iterator[None]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND i.indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid::regclass::text = i.tablename)",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        # ALTER TABLE refuses tables with deferred checks still pending (rows inserted earlier in this
        # transaction): run those checks now, then go back to deferring.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
