"""Make the ledger append-only in PostgreSQL itself, not only in the ORM.

The model refuses ``save()`` on an existing row and ``delete()``, and its queryset refuses
``update()``/``delete()``; but raw SQL, ``_raw_delete``, a data migration using the historical model
or a psql session bypass all of that. Statements are evidence (VAE portfolio, attestations), so the
database rejects any UPDATE or DELETE of ``records_statement``, with one exception: setting
``user_id`` to NULL and nothing else, which is what Django's ``on_delete=SET_NULL`` does when an
account is deleted (the statement stays, anonymised, under its opaque actor account).

TRUNCATE is left alone on purpose: it is what test-suite flushes use, and it needs table ownership.
On other databases (SQLite for development and tests) the operation does nothing.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION records_statement_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'records_statement is append-only: % refused on statement %', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new statement instead; only user_id may be set to NULL (account deletion).';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER records_statement_append_only
    BEFORE UPDATE OR DELETE ON records_statement
    FOR EACH ROW EXECUTE FUNCTION records_statement_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS records_statement_append_only ON records_statement;
DROP FUNCTION IF EXISTS records_statement_append_only();
"""


class PostgreSQLOnlyRunSQL(migrations.RunSQL):
    """Run the SQL on PostgreSQL only; elsewhere the ORM-level guards are the protection."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [PostgreSQLOnlyRunSQL(FORWARD, BACKWARD)]
