// The service certificate (志愿服务记录证明, 民发〔2015〕149): a number from a register, gap-free per
// year (SX-2026-000123); the volunteer's number and, only with their consent, an ID document
// (sealed at rest); the issuer's particulars as they stood when it was issued; revocation with a
// reason. Certificates are never deleted (docs/decisions/0029).
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE shuxiang.certificate_register (
      year integer PRIMARY KEY,
      last_number integer NOT NULL CHECK (last_number > 0)
    )`.execute(db);
  await sql`
    ALTER TABLE shuxiang.certificates
      ADD COLUMN number text UNIQUE,
      ADD COLUMN year integer,
      ADD COLUMN serial integer,
      ADD COLUMN branch_code text REFERENCES library.branches (code),
      ADD COLUMN role_id integer REFERENCES shuxiang.roles (id),
      ADD COLUMN issue_date date,
      ADD COLUMN volunteer_number text,
      ADD COLUMN id_doc_type text,
      ADD COLUMN id_doc_number_sealed text,
      ADD COLUMN issuer jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN revoked_at timestamptz,
      ADD COLUMN revoked_by integer REFERENCES shuxiang.staff (id),
      ADD COLUMN revoke_reason text,
      ADD CONSTRAINT certificates_serial_unique UNIQUE (year, serial),
      ADD CONSTRAINT certificates_revoked_check CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))`.execute(db);
  // Certificates issued before the register get numbers in the order they were issued.
  await sql`
    WITH numbered AS (
      SELECT id, extract(year FROM issued_at AT TIME ZONE 'Asia/Shanghai')::int AS y,
        row_number() OVER (PARTITION BY extract(year FROM issued_at AT TIME ZONE 'Asia/Shanghai') ORDER BY issued_at, id)::int AS n
      FROM shuxiang.certificates)
    UPDATE shuxiang.certificates c SET year = numbered.y, serial = numbered.n, number = 'SX-' || numbered.y || '-' || lpad(numbered.n::text, 6, '0'),
      issue_date = (c.issued_at AT TIME ZONE 'Asia/Shanghai')::date
    FROM numbered WHERE numbered.id = c.id`.execute(db);
  await sql`INSERT INTO shuxiang.certificate_register (year, last_number) SELECT year, max(serial) FROM shuxiang.certificates GROUP BY year`.execute(db);
  await sql`ALTER TABLE shuxiang.certificates ALTER COLUMN number SET NOT NULL, ALTER COLUMN year SET NOT NULL, ALTER COLUMN serial SET NOT NULL, ALTER COLUMN issue_date SET NOT NULL`.execute(db);
  await sql`CREATE TRIGGER certificates_no_delete BEFORE DELETE ON shuxiang.certificates FOR EACH ROW EXECUTE FUNCTION shuxiang.refuse_delete()`.execute(db);

  // The volunteer's ID document, only with their consent (志愿服务记录办法 Art 6), sealed.
  await sql`
    ALTER TABLE shuxiang.volunteers
      ADD COLUMN id_doc_type text CHECK (id_doc_type IN ('resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreigner-permanent')),
      ADD COLUMN id_doc_number_sealed text,
      ADD COLUMN id_doc_consent_at timestamptz,
      ADD CONSTRAINT volunteers_id_doc_check CHECK ((id_doc_type IS NULL) = (id_doc_number_sealed IS NULL) AND (id_doc_type IS NULL OR id_doc_consent_at IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.volunteers DROP CONSTRAINT volunteers_id_doc_check, DROP COLUMN id_doc_consent_at, DROP COLUMN id_doc_number_sealed, DROP COLUMN id_doc_type`.execute(db);
  await sql`DROP TRIGGER certificates_no_delete ON shuxiang.certificates`.execute(db);
  await sql`
    ALTER TABLE shuxiang.certificates
      DROP CONSTRAINT certificates_revoked_check, DROP CONSTRAINT certificates_serial_unique,
      DROP COLUMN revoke_reason, DROP COLUMN revoked_by, DROP COLUMN revoked_at, DROP COLUMN issuer, DROP COLUMN id_doc_number_sealed,
      DROP COLUMN id_doc_type, DROP COLUMN volunteer_number, DROP COLUMN issue_date, DROP COLUMN role_id, DROP COLUMN branch_code,
      DROP COLUMN serial, DROP COLUMN year, DROP COLUMN number`.execute(db);
  await sql`DROP TABLE shuxiang.certificate_register`.execute(db);
}
