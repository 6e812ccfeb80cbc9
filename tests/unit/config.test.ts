import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "#app/config.server.ts";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "shuxiang-config-"));

describe("configuration", () => {
  it("runs with nothing set: embedded store, mailbox, a generated secret kept in the data folder", () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.databaseUrl).toBeUndefined();
    expect(first.smtpUrl).toBeUndefined();
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.publicUrl.href).toBe("http://localhost:3000/");
    expect(first.secureCookies).toBe(false);
    // A restart keeps the same secret, so sessions survive it.
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first.sessionSecret);
  });

  it("uses the servers and URL it is given; cookies are Secure on https", () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/shuxiang",
      SMTP_URL: "smtp://relay.example:587",
      SESSION_SECRET: "x".repeat(40),
      PUBLIC_URL: "https://volunteers.library.example",
      PORT: "8080",
    });
    expect(config.databaseUrl).toBe("postgres://postgres@127.0.0.1:5432/shuxiang");
    expect(config.smtpUrl).toBe("smtp://relay.example:587");
    expect(config.sessionSecret).toBe("x".repeat(40));
    expect(config.secureCookies).toBe(true);
  });

  it("defaults PUBLIC_URL to the port", () => {
    expect(loadConfig({ DATA_DIR: tempDir(), PORT: "3100" }).publicUrl.href).toBe("http://localhost:3100/");
  });

  it("refuses a weak secret and a malformed URL with a message naming the setting", () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), PORT: "70000" })).toThrow(/PORT/);
  });
});
