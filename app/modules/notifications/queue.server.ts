// The job queue (pg-boss) on the same database as everything else, and the delivery workers.
import { PgBoss, fromPglite, type JobResult, type Queue } from "pg-boss";
import type { DatabaseHandle } from "#db/connection.ts";
import { log } from "#app/lib/log.server.ts";
import { deliverBatch, type DeliveryDeps } from "./delivery.server.ts";
import { DELIVER_QUEUE } from "./outbox.server.ts";

/** Minute-by-minute upkeep: reminders due, no-shows to mark (see app/modules/shifts/reminders.server.ts). */
export const MAINTENANCE_QUEUE = "shift-maintenance";

export interface QueueSettings {
  retryDelaySeconds: number;
  retryLimit: number;
  leaseSeconds: number;
}

export async function startJobQueue(handle: DatabaseHandle, databaseUrl: string | undefined, settings: QueueSettings): Promise<PgBoss> {
  // Jobs of a worker that died come back once their lease expires and the monitor notices: check
  // as often as the lease is short (default 60 s would let a dead worker's mail wait a minute).
  const expiryCheckSeconds = Math.max(1, Math.min(30, settings.leaseSeconds));
  const common = { useListenNotify: true, superviseIntervalSeconds: expiryCheckSeconds, monitorIntervalSeconds: expiryCheckSeconds };
  const boss =
    handle.kind === "embedded"
      ? new PgBoss({ db: fromPglite(handle.pglite!), ...common })
      : new PgBoss({ connectionString: databaseUrl, max: 4, application_name: "shuxiang-queue", ...common });
  boss.on("error", (error) => log.error("job queue error", { error: String(error) }));
  await boss.start();
  // Every queue exists before any request can send to it (sending to an unknown queue inside a
  // transaction wedges the embedded store).
  await ensureQueue(boss, DELIVER_QUEUE, {
    notify: true,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: 3600,
    // A worker that dies mid-message gives the job back after the lease.
    expireInSeconds: settings.leaseSeconds,
    deleteAfterSeconds: 7 * 24 * 3600,
  });
  // One run per minute across all processes (pg-boss cron); a run that fails is simply the next one.
  await ensureQueue(boss, MAINTENANCE_QUEUE, { retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 24 * 3600 });
  await boss.schedule(MAINTENANCE_QUEUE, "* * * * *");
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Omit<Queue, "name">) {
  if (await boss.getQueue(name)) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}

// NOTIFY wakes workers for new messages; retries (which send no NOTIFY) are picked up by the
// 2-second poll, and a full batch means fetching again at once.
const workOptions = {
  batchSize: 20,
  perJobResults: true,
  includeMetadata: true,
  localConcurrency: 2,
  pollingIntervalSeconds: 2,
  notifyPollingIntervalSeconds: 2,
  burstWhenBatchFull: true,
} as const;

export async function startDeliveryWorkers(boss: PgBoss, deps: DeliveryDeps): Promise<void> {
  await boss.work<{ messageId: number }, unknown, typeof workOptions>(DELIVER_QUEUE, workOptions, async (jobs) => {
    try {
      const outcomes = await deliverBatch(
        deps,
        jobs.map((job) => ({ messageId: job.data.messageId, lastAttempt: job.retryCount >= job.retryLimit })),
      );
      return jobs.map((job, i): JobResult => ({ id: job.id, status: outcomes[i] === "retry" ? "failed" : "completed", output: { outcome: outcomes[i] } }));
    } catch (error) {
      log.error("delivery failed unexpectedly", { messageIds: jobs.map((j) => j.data.messageId), error: String(error) });
      return jobs.map((job): JobResult => ({ id: job.id, status: "failed", output: { error: String(error) } }));
    }
  });
}

export async function startMaintenanceWorker(boss: PgBoss, run: () => Promise<Record<string, number>>): Promise<void> {
  await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    const done = await run();
    if (Object.values(done).some((n) => n > 0)) log.info("maintenance", done);
  });
}
