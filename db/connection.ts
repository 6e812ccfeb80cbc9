// One code path for both stores: PostgreSQL when a URL is given, otherwise PGlite embedded in this
// process with a file data folder guarded by a pid lock (PGlite itself does not lock its folder).
import fs from "node:fs";
import path from "node:path";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

export type StoreKind = "postgres" | "embedded";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: StoreKind;
  /** The PGlite instance when embedded (the job queue shares it). */
  pglite?: import("@electric-sql/pglite").PGlite;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;

// Counts come back as numbers and calendar dates as 'YYYY-MM-DD' strings on both stores.
pg.types.setTypeParser(INT8, (value) => Number(value));
pg.types.setTypeParser(DATE, (value) => value);

/**
 * A statement whose text starts with `/* prepared:NAME *\/` (after `select` for Kysely's builder,
 * whose `modifyFront` puts it there) is prepared once per connection under NAME; any other runs as
 * an unnamed statement, parsed and planned at every execution. Planning the booking's context (ten
 * joins) took ten times as long as running it (docs/decisions/0021), so the hot statements of
 * every request carry a name. Only fixed texts may: a name given to a second text is an error.
 */
const MARK = "/* prepared:";

export function preparedName(text: string): string | undefined {
  const at = text.startsWith(MARK) ? 0 : text.startsWith(`select ${MARK}`) ? 7 : -1;
  if (at < 0) return undefined;
  const end = text.indexOf(" */", at);
  return end < 0 ? undefined : text.slice(at + MARK.length, end);
}

function preparingQueries(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
    const name = typeof text === "string" ? preparedName(text) : undefined;
    return name ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
  };
}

export class DataFolderInUseError extends Error {}

export function acquireDataFolderLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "shuxiang.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockFile, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new DataFolderInUseError(
          `The data folder ${dataDir} is in use by process ${holder}. ` +
            `Stop that process first, or set DATA_DIR to another folder.`,
        );
      }
      fs.unlinkSync(lockFile); // stale lock of a process that no longer runs
    }
  }
  throw new DataFolderInUseError(`Could not lock the data folder ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server is replaced on next use; it must not crash the app.
    pool.on("error", (error) => console.error(JSON.stringify({ level: "warn", message: "idle database connection lost", error: error.message })));
    pool.on("connect", preparingQueries);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }

  const release = acquireDataFolderLock(options.dataDir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
    const pglite = await PGlite.create({
      dataDir: path.join(options.dataDir, "pgdata"),
      extensions: { btree_gist },
      // PostgreSQL's default 128 MB of shared buffers lives in the WebAssembly memory, which is
      // resident once touched and never given back: the process held ~525 MB before serving a page.
      // 16 MB (and the same cap on index builds) keeps the embedded store small; the data folder's
      // files stay in the system's page cache (docs/decisions/0021).
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB", "-c", "maintenance_work_mem=16MB"],
      parsers: { [INT8]: (value: string) => Number(value), [DATE]: (value: string) => value },
    });
    await pglite.exec("SET TIME ZONE 'UTC'");
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: "embedded",
      pglite,
      close: async () => {
        try {
          if (!pglite.closed) await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
