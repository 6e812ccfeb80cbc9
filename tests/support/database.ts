// Real PostgreSQL for tests: one migrated and seeded template database, then a cheap copy per
// test file (CREATE DATABASE … TEMPLATE …).
import crypto from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "#db/migrate.ts";
import type { Database } from "#db/schema.ts";
import { seedDemoData } from "#db/seed/index.ts";
import "#db/connection.ts"; // installs the type parsers (counts as numbers, dates as strings)

export const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** (Re)creates a migrated, demo-seeded template database. */
export async function prepareTemplate(name: string, { seed = true } = {}): Promise<void> {
  await withAdmin(async (c) => {
    const stale = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [name, `${name}_copy_%`],
    );
    for (const row of stale.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  const db = connect(databaseUrl(name));
  try {
    await migrateToLatest(db);
    if (seed) await seedDemoData(db);
  } finally {
    await db.destroy();
  }
}

export function connect(url: string, max = 20): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {}); // idle connections cut by DROP DATABASE … WITH (FORCE) at teardown
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Kysely<Database>;
  drop(): Promise<void>;
}

/** A private copy of the template for one test file. */
export async function createTestDatabase(template = TEMPLATE): Promise<TestDatabase> {
  const name = `${template}_copy_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = databaseUrl(name);
  const db = connect(url);
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(name);
    },
  };
}

/** An empty database (no migrations), for tests of migrating itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `${TEMPLATE}_copy_empty_${crypto.randomBytes(4).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const db = connect(url);
  return { name, url, db, drop: async () => { await db.destroy(); await dropDatabase(name); } };
}

/** Databases of one test run are named from this prefix, so two checkouts can run their suites at once. */
export const DB_PREFIX = process.env.TEST_DB_PREFIX ?? "shuxiang";
export const TEMPLATE = `${DB_PREFIX}_test_template`;
/** The browser tests' database. */
export const E2E_DATABASE = `${DB_PREFIX}_e2e`;
