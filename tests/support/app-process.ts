// Runs the built app (node server.ts) as a child process, the way `npm start` does.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { loadConfig } from "#app/config.server.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import type { Database } from "#db/schema.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The node flags `npm start` gives the server (its V8 heap limits, docs/decisions/0021), read from
 * package.json; every process started here gets them. BENCH_START_FLAGS replaces them, for a
 * benchmark comparing flags ("" for none).
 */
const startFlags = process.env.BENCH_START_FLAGS !== undefined ? process.env.BENCH_START_FLAGS.split(" ").filter(Boolean) : (() => {
  const start = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  return /\bnode ((?:--\S+ )*)server\.ts/.exec(start)?.[1].trim().split(" ").filter(Boolean) ?? [];
})();

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The exit code once the process ends by itself (it is killed after `timeoutMs`). */
  exited(timeoutMs: number): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(
  env: Record<string, string>,
  { waitHealthy = true, script = "server.ts" }: { waitHealthy?: boolean; script?: string } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startFlags, script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const app: AppProcess = {
    url: `http://localhost:${port}`,
    child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited(timeoutMs) {
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      return exited.finally(() => clearTimeout(timer));
    },
  };
  if (!waitHealthy) return app;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited:\n${output}`);
    try {
      if ((await fetch(`${app.url}/healthz`)).ok) return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await app.stop("SIGKILL");
      throw new Error(`The app did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A session cookie (`name=value`) for a demo staff member or volunteer, for a built app that was started with `secret`. */
export async function sessionCookie(db: Kysely<Database>, app: AppProcess, secret: string, who: { staff: string } | { volunteer: string }): Promise<string> {
  const config = loadConfig({ DATABASE_URL: "postgres://unused", SESSION_SECRET: secret, PUBLIC_URL: app.url, DATA_DIR: "/tmp/shuxiang-test-sessions" });
  const id =
    "staff" in who
      ? { staffId: (await db.selectFrom("shuxiang.staff").select("id").where("email", "=", who.staff).executeTakeFirstOrThrow()).id }
      : { volunteerId: (await db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", who.volunteer).executeTakeFirstOrThrow()).id };
  return (await startSession(db, config, new Request(app.url), id)).split(";")[0];
}

/** A GET to the app, not following redirects. */
export function getFrom(app: AppProcess, path: string, cookie?: string): Promise<Response> {
  return fetch(app.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

/** A form POST to the app from its own origin (as a browser sends it), not following redirects. */
export function postTo(app: AppProcess, path: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(app.url + path, {
    method: "POST",
    headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

/** A private copy of the demo database and the built app on it (workers off), for the tests of one file. */
export async function startAppOnCopy(secret: string): Promise<{ t: TestDatabase; app: AppProcess }> {
  const t = await createTestDatabase();
  const app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: secret, WORKERS: "off", DEMO_DATA: "never" });
  return { t, app };
}

/** Stops what startAppOnCopy started, as far as it got. */
export async function stopAppOnCopy({ t, app }: { t?: TestDatabase; app?: AppProcess }): Promise<void> {
  await app?.stop();
  await t?.drop();
}
