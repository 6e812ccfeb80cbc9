// Configuration and the real services object for integration tests, on a private PostgreSQL copy.
import { loadConfig, type Config } from "#app/config.server.ts";
import { createServices, type Services } from "#app/services.server.ts";
import type { TestDatabase } from "./database.ts";

export function testConfig(t: TestDatabase, env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    DATABASE_URL: t.url,
    SESSION_SECRET: "integration-test-secret-0123456789abcdef",
    PUBLIC_URL: "http://localhost:3999",
    DATA_DIR: "/tmp/shuxiang-test-data",
    DEMO_DATA: "never",
    DELIVERY_RETRY_DELAY_SECONDS: "1",
    DELIVERY_LEASE_SECONDS: "3",
    ...env,
  });
}

/** The same services the app runs: migrations (already applied), pg-boss, mailer and workers. */
export function startTestServices(t: TestDatabase, env: Record<string, string | undefined> = {}): Promise<Services> {
  return createServices(testConfig(t, env));
}
