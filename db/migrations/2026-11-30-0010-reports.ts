// Figures the library keeps in other systems (cards issued, visits, loans, donated books), entered
// per branch and month so the reports are whole. Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE shuxiang.branch_figures (
      branch_code text NOT NULL REFERENCES library.branches (code),
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      cards_issued integer NOT NULL DEFAULT 0 CHECK (cards_issued BETWEEN 0 AND 10000000),
      visits integer NOT NULL DEFAULT 0 CHECK (visits BETWEEN 0 AND 100000000),
      loans integer NOT NULL DEFAULT 0 CHECK (loans BETWEEN 0 AND 100000000),
      donated_books integer NOT NULL DEFAULT 0 CHECK (donated_books BETWEEN 0 AND 10000000),
      updated_by integer REFERENCES shuxiang.staff (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (branch_code, month)
    )`.execute(db);
  // The reports read by local date; these make those reads cheap over a year.
  await sql`CREATE INDEX events_local_date_idx ON shuxiang.events (local_date, branch_code)`.execute(db);
  await sql`CREATE INDEX shifts_local_date_idx ON shuxiang.shifts (local_date, branch_code)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX shuxiang.shifts_local_date_idx`.execute(db);
  await sql`DROP INDEX shuxiang.events_local_date_idx`.execute(db);
  await sql`DROP TABLE shuxiang.branch_figures`.execute(db);
}
