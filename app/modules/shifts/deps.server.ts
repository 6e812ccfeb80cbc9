// What the shift and booking operations need: the database, the job queue (messages are written
// in the change's transaction), and the public URL for links and calendar UIDs.
import type { Kysely, Transaction } from "kysely";
import type { PgBoss } from "pg-boss";
import type { Services } from "#app/services.server.ts";
import type { Database } from "#db/schema.ts";

export interface ShiftDeps {
  db: Kysely<Database>;
  boss: PgBoss;
  publicUrl: URL;
  /** The server secret: keys derived capability links (event registrations' private links). */
  secret: string;
}

export function shiftDeps(services: Pick<Services, "db" | "boss" | "config">): ShiftDeps {
  return { db: services.db, boss: services.boss, publicUrl: services.config.publicUrl, secret: services.config.sessionSecret };
}

export interface Actor {
  staffId: number;
  requestId?: string | null;
}

export type Trx = Transaction<Database>;

/** Thrown inside a transaction to roll it back and answer with `result`. */
export class Rollback<R> extends Error {
  readonly result: R;
  constructor(result: R) {
    super("rollback");
    this.result = result;
  }
}

/** Runs `work` in a transaction; a Rollback ends it and its result is returned instead. */
export async function transact<R>(db: Kysely<Database>, work: (trx: Trx) => Promise<R>): Promise<R> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof Rollback) return error.result as R;
    throw error;
  }
}

export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

/** PostgreSQL exclusion-constraint violation (a volunteer's overlapping shifts). */
export const EXCLUSION_VIOLATION = "23P01";
