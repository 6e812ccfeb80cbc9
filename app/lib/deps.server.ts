// What the domain operations need from the running app: the database, the job queue (messages are
// written in the change's transaction), the public URL for links and calendar UIDs, and the server
// secret. Modules take this bag (or a part of it); only the services container builds it, so no
// domain module imports the container.
import type { Kysely } from "kysely";
import type { PgBoss } from "pg-boss";
import type { Config } from "#app/config.server.ts";
import type { Database } from "#db/schema.ts";

export interface AppDeps {
  db: Kysely<Database>;
  boss: PgBoss;
  publicUrl: URL;
  /** The server secret: keys derived capability links (event registrations' private links). */
  secret: string;
}

/** The running services as modules see them (the container's Services has these and more). */
export interface CoreServices {
  config: Config;
  db: Kysely<Database>;
  boss: PgBoss;
}

export function appDeps(services: Pick<CoreServices, "db" | "boss" | "config">): AppDeps {
  return { db: services.db, boss: services.boss, publicUrl: services.config.publicUrl, secret: services.config.sessionSecret };
}
