// Starts everything the browser tests need, for real: a fresh seeded PostgreSQL database, an SMTP
// server on loopback (messages written to a folder the tests read), and the built app itself.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseUrl, dropDatabase, E2E_DATABASE, prepareTemplate } from "../support/database.ts";
import { startSmtpServer } from "../support/smtp.ts";
import { MAIL_DIR } from "./mail.ts";

const DB = E2E_DATABASE;

export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT ?? 3111);
  await prepareTemplate(DB);

  fs.rmSync(MAIL_DIR, { recursive: true, force: true });
  fs.mkdirSync(MAIL_DIR, { recursive: true });
  let count = 0;
  const smtp = await startSmtpServer((mail) => {
    const file = path.join(MAIL_DIR, `${String(++count).padStart(4, "0")}.json`);
    // Written aside and renamed: a test reading the folder never sees half a message.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html }));
    fs.renameSync(`${file}.tmp`, file);
  });

  const app = spawn(process.execPath, ["server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl(DB),
      SMTP_URL: smtp.url,
      SESSION_SECRET: "e2e-session-secret-0123456789abcdefghijkl",
      PUBLIC_URL: `http://localhost:${port}`,
      DEMO_DATA: "never",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  app.stdout.on("data", (d) => log.push(String(d)));
  app.stderr.on("data", (d) => log.push(String(d)));

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`http://localhost:${port}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (app.exitCode !== null || Date.now() > deadline) {
      app.kill("SIGKILL");
      throw new Error(`The app did not start:\n${log.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return async () => {
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
    await smtp.close();
    await dropDatabase(DB);
  };
}
