// The one services object of a process: configuration, database, job queue, mailer and workers,
// created once, kept on globalThis across dev reloads, and closed on SIGTERM/SIGINT.
import type { Kysely } from "kysely";
import type { PgBoss } from "pg-boss";
import { loadConfig, type Config } from "#app/config.server.ts";
import { log } from "#app/lib/log.server.ts";
import { createMailer, type Mailer } from "#app/modules/mail/mailer.server.ts";
import { startDeliveryWorkers, startJobQueue, startMaintenanceWorker } from "#app/modules/notifications/queue.server.ts";
import { appDeps, type CoreServices } from "#app/lib/deps.server.ts";
import { runRetentionDaily } from "#app/modules/admin/retention.server.ts";
import { runEventMaintenance } from "#app/modules/events/maintenance.server.ts";
import { sendDueInterviewReminders } from "#app/modules/recruitment/interviews.server.ts";
import { runShiftMaintenance } from "#app/modules/shifts/reminders.server.ts";
import { openDatabase, type DatabaseHandle, type StoreKind } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrate.ts";
import type { Database } from "#db/schema.ts";
import { DEMO_STAFF_PASSWORD, DEMO_VOLUNTEER_EMAIL, isDemoDataSeeded, seedDemoData } from "#db/seed/index.ts";
import { staff as demoStaff } from "#db/seed/library.ts";

export interface Services extends CoreServices {
  storeKind: StoreKind;
  mailer: Mailer;
  close(): Promise<void>;
}

export async function createServices(config: Config = loadConfig()): Promise<Services> {
  const started = performance.now();
  const handle: DatabaseHandle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  let boss: PgBoss | undefined;
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length) log.info("migrations applied", { migrations: applied });
    const seed = config.demoData === "always" || (config.demoData === "auto" && handle.kind === "embedded");
    if (seed && !(await isDemoDataSeeded(handle.db))) {
      await seedDemoData(handle.db);
      printDemoSignIns(config);
    }
    boss = await startJobQueue(handle, config.databaseUrl, config.delivery);
  } catch (error) {
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await handle.close();
    throw error;
  }
  const mailer = createMailer({ db: handle.db, smtpUrl: config.smtpUrl, from: config.mailFrom });
  if (config.workers) {
    await startDeliveryWorkers(boss, { db: handle.db, mailer, leaseSeconds: config.delivery.leaseSeconds, links: { secret: config.sessionSecret, publicUrl: config.publicUrl } });
    const deps = appDeps({ db: handle.db, boss, config });
    await startMaintenanceWorker(boss, async () => ({ ...(await runShiftMaintenance(deps)), ...(await runEventMaintenance(deps)), interviewReminders: await sendDueInterviewReminders(deps), retention: await runRetentionDaily(deps) }));
  }
  log.info("services ready", {
    store: handle.kind,
    mail: mailer.kind,
    workers: config.workers,
    ms: Math.round(performance.now() - started),
  });
  return {
    config,
    db: handle.db,
    storeKind: handle.kind,
    boss,
    mailer,
    close: async () => {
      await boss.stop({ graceful: true, timeout: 3000, close: true }).catch(() => {});
      mailer.close();
      await handle.close();
    },
  };
}

function printDemoSignIns(config: Config) {
  const lines = [
    "Demo data loaded. Sign in at " + new URL("/sign-in", config.publicUrl).href + " as:",
    ...demoStaff.map((s) => `  ${s.role.padEnd(13)} ${s.email}  password: ${DEMO_STAFF_PASSWORD}`),
    `Volunteers sign in at ${new URL("/volunteer/sign-in", config.publicUrl).href}, e.g. ${DEMO_VOLUNTEER_EMAIL};`,
    "  without SMTP_URL the code arrives in the mailbox page (/staff/mailbox), for the administrator.",
  ];
  console.log(lines.join("\n"));
}

const KEY = Symbol.for("shuxiang.services");
type Holder = { [KEY]?: Promise<Services> };

/** The process-wide services, started on first use (entry.server starts them at import). */
export function getServices(): Promise<Services> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = createServices();
    holder[KEY].then(installShutdown, (error) => {
      log.error("start-up failed", { error: String(error?.message ?? error) });
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 100).unref();
    });
  }
  return holder[KEY];
}

function installShutdown(services: Services) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    // Exit when closed, or after 5 s whatever still runs (pg-boss timers keep a process alive).
    setTimeout(() => process.exit(0), 5000).unref();
    services.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
