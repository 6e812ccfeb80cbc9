// Services for integration tests: a private PostgreSQL copy and a mailer (SMTP or mailbox).
import { loadConfig } from "#app/config.server.ts";
import { createMailer } from "#app/modules/mail/mailer.server.ts";
import type { Services } from "#app/services.server.ts";
import type { TestDatabase } from "./database.ts";

export function testServices(t: TestDatabase, options: { smtpUrl?: string } = {}): Services {
  const config = loadConfig({
    DATABASE_URL: t.url,
    SMTP_URL: options.smtpUrl,
    SESSION_SECRET: "integration-test-secret-0123456789abcdef",
    PUBLIC_URL: "http://localhost:3999",
    DATA_DIR: "/tmp/shuxiang-test-data",
  });
  const mailer = createMailer({ db: t.db, smtpUrl: config.smtpUrl, from: config.mailFrom, host: config.publicUrl.hostname });
  return { config, db: t.db, storeKind: "postgres", mailer, close: async () => mailer.close() };
}
