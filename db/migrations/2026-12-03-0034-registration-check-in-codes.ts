// A registration's check-in code: what the reader's QR code carries and what the desk types. It is
// not the private link's token (that link can cancel), so showing it at the desk gives nothing
// away. Eight characters of Crockford's base32 (no I, L, O, U), drawn from gen_random_uuid()'s
// random bytes (bytes 6 and 8 hold the UUID's version and variant and are skipped), unique across
// all events. Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION shuxiang.new_check_in_code() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
      bytes bytea;
      code text;
    BEGIN
      LOOP
        bytes := uuid_send(gen_random_uuid());
        code := '';
        FOR i IN 0..7 LOOP
          code := code || substr(alphabet, 1 + get_byte(bytes, (ARRAY[0, 1, 2, 3, 4, 5, 10, 11])[i + 1]) % 32, 1);
        END LOOP;
        EXIT WHEN NOT EXISTS (SELECT 1 FROM shuxiang.registrations WHERE check_in_code = code);
      END LOOP;
      RETURN code;
    END $$`.execute(db);
  await sql`ALTER TABLE shuxiang.registrations ADD COLUMN check_in_code text`.execute(db);
  await sql`UPDATE shuxiang.registrations SET check_in_code = shuxiang.new_check_in_code()`.execute(db);
  await sql`
    ALTER TABLE shuxiang.registrations
      ALTER COLUMN check_in_code SET DEFAULT shuxiang.new_check_in_code(),
      ALTER COLUMN check_in_code SET NOT NULL,
      ADD CONSTRAINT registrations_check_in_code_key UNIQUE (check_in_code)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.registrations DROP COLUMN check_in_code`.execute(db);
  await sql`DROP FUNCTION shuxiang.new_check_in_code()`.execute(db);
}
