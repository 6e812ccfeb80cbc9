// Configuration from the environment, validated once at start-up.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { IANAZone } from "luxon";
import { z } from "zod";

/**
 * The zone of times where no branch applies (sign-up dates, the mailbox, the audit log, a board
 * over branches in different zones): the one place app/ names the library's home zone. Every
 * branch has its own zone (library.branches.timezone), which wins wherever a branch applies
 * (docs/decisions/0024). Set DEFAULT_TIME_ZONE to change it.
 */
export const HOME_TIME_ZONE = "Asia/Shanghai";

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Connections per process to PostgreSQL (the embedded store has one). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  PUBLIC_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  MAIL_FROM: z.string().min(3).default("书香 Shuxiang <no-reply@shuxiang.example>"),
  /** "auto": load demo data on the first start of the embedded store only. */
  DEMO_DATA: z.enum(["auto", "always", "never"]).default("auto"),
  /** "on": this process also delivers mail; "off" at scale, where `npm run worker` does it. */
  WORKERS: z.enum(["on", "off"]).default("on"),
  DELIVERY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  DELIVERY_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(8),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), "must be an IANA time zone name, e.g. Europe/Berlin")
    .default(HOME_TIME_ZONE),
});

export interface Config {
  databaseUrl?: string;
  databasePoolSize: number;
  smtpUrl?: string;
  sessionSecret: string;
  publicUrl: URL;
  secureCookies: boolean;
  dataDir: string;
  mailFrom: string;
  demoData: "auto" | "always" | "never";
  workers: boolean;
  delivery: { retryDelaySeconds: number; retryLimit: number; leaseSeconds: number };
  /** The zone where no branch applies (HOME_TIME_ZONE unless DEFAULT_TIME_ZONE says otherwise). */
  defaultTimeZone: string;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(publicUrl.hostname);
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    smtpUrl: e.SMTP_URL,
    sessionSecret: e.SESSION_SECRET ?? persistentSecret(dataDir),
    publicUrl,
    // Secure cookies everywhere except plain-HTTP loopback development.
    secureCookies: publicUrl.protocol === "https:" || !loopback,
    dataDir,
    mailFrom: e.MAIL_FROM,
    demoData: e.DEMO_DATA,
    workers: e.WORKERS === "on",
    delivery: {
      retryDelaySeconds: e.DELIVERY_RETRY_DELAY_SECONDS,
      retryLimit: e.DELIVERY_RETRY_LIMIT,
      leaseSeconds: e.DELIVERY_LEASE_SECONDS,
    },
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
  };
}

/** Without SESSION_SECRET a random one is generated once and kept in the data folder. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}
