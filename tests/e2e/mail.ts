import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MAIL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), ".artifacts", "mail");

interface StoredMail {
  to: { value: Array<{ address: string }> };
  subject: string;
  text: string;
  html: string;
}

/** Waits for the newest message to an address that the real SMTP server received. */
export async function latestMailTo(address: string, after = 0, timeoutMs = 10_000, subject?: RegExp): Promise<StoredMail & { index: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".json")).sort().reverse();
    for (const file of files) {
      const index = Number.parseInt(file, 10);
      if (index <= after) break;
      const mail = JSON.parse(fs.readFileSync(path.join(MAIL_DIR, file), "utf8")) as StoredMail;
      // Other mail may reach the same person meanwhile (reminders, calls for help): match the subject.
      if (mail.to.value.some((v) => v.address.toLowerCase() === address.toLowerCase()) && (!subject || subject.test(mail.subject))) return { ...mail, index };
    }
    if (Date.now() > deadline) throw new Error(`No mail to ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function mailCount(): number {
  return fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".json")).length;
}
