// The built app as a process: embedded start and restart, the data-folder lock, the friendly 500
// page with its request id, and a clean stop on SIGTERM.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase, createTestDatabase } from "#tests/support/database.ts";
import { startApp, type AppProcess } from "#tests/support/app-process.ts";

const running: AppProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((a) => a.stop("SIGKILL")));
});

describe("with no configuration (embedded store)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuxiang-app-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("creates the database, loads the demo data once, serves the home page, and survives a restart", async () => {
    const first = await startApp({ DATA_DIR: dataDir });
    running.push(first);
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: "ok", database: "embedded" });
    const home = await (await fetch(first.url, { headers: { "Accept-Language": "zh-CN,zh;q=0.9" } })).text();
    for (const name of ["鼓楼图书馆", "丰财分馆", "环城分馆", "黄楼分馆", "铜沛分馆", "九里分馆", "牌楼分馆", "琵琶分馆", "少儿分馆"]) {
      expect(home).toContain(name);
    }
    expect(first.output()).toContain("Demo data loaded");
    expect(first.output()).toContain("admin@shuxiang.example");

    // A second process on the same folder stops at once and says why.
    const second = await startApp({ DATA_DIR: dataDir }, { waitHealthy: false });
    running.push(second);
    expect(await second.exited(30_000)).toBe(1);
    expect(second.output()).toMatch(/data folder .* is in use by process \d+/);

    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "shuxiang.pid"))).toBe(false);

    const again = await startApp({ DATA_DIR: dataDir });
    running.push(again);
    expect(again.output()).not.toContain("Demo data loaded");
    expect(await (await fetch(again.url)).text()).toContain("少儿分馆");
    expect(await again.stop()).toBe(0);
  }, 120_000);
});

describe("when something unexpected breaks", () => {
  it("shows one friendly page with the request id that is in the log line", async () => {
    const t = await createTestDatabase();
    await t.db.destroy();
    const app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: "s".repeat(40), DATA_DIR: os.tmpdir() });
    running.push(app);
    await dropDatabase(t.name); // the database disappears under the running app

    const response = await fetch(app.url);
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id")!;
    const page = await response.text();
    expect(page).toContain("出了点问题");
    expect(page).toContain(`请求编号：${requestId}`);
    expect(page).not.toMatch(/at .*\.js:\d+/); // no stack trace for the visitor
    const lines = app.output().split("\n").filter((l) => l.includes(requestId));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: "error", message: "request failed", requestId, path: "/" });

    expect((await fetch(`${app.url}/healthz`)).status).toBe(503);
    expect(await app.stop()).toBe(0);
  }, 60_000);
});
