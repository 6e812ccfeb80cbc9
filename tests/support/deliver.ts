// Hands every queued message to the delivery code, as a worker would, and returns what the real
// SMTP server received from it (integration tests that run without workers).
import type { ParsedMail } from "mailparser";
import type { Services } from "#app/services.server.ts";
import { deliverBatch } from "#app/modules/notifications/delivery.server.ts";
import type { TestDatabase } from "./database.ts";
import type { TestSmtpServer } from "./smtp.ts";

export async function deliverQueued(t: TestDatabase, services: Services, smtp: TestSmtpServer): Promise<ParsedMail[]> {
  const queued = await t.db.selectFrom("shuxiang.messages").select("id").where("status", "=", "queued").orderBy("id").execute();
  const before = smtp.messages.length;
  const links = { secret: services.config.sessionSecret, publicUrl: services.config.publicUrl };
  await deliverBatch({ db: t.db, mailer: services.mailer, leaseSeconds: 60, links }, queued.map((m) => ({ messageId: m.id, lastAttempt: false })));
  return smtp.messages.slice(before);
}
