// No hard-coded zone (docs/decisions/0024): every branch has its own zone, and the one zone for
// times no branch has is a configuration value whose default is written in one place.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HOME_TIME_ZONE, loadConfig } from "#app/config.server.ts";
import { sharedZone } from "#app/lib/time.ts";

const root = path.resolve(import.meta.dirname, "../..");
const OWNER = "app/config.server.ts";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(tsx?|jsx?|css)$/.test(e.name) ? [rel] : [];
  });
}

describe("no hard-coded zone", () => {
  it("names the library's home zone once in app/: the default of DEFAULT_TIME_ZONE", () => {
    const files = sourceFiles("app");
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => {
      const lines = fs.readFileSync(path.join(root, f), "utf8").split("\n");
      return lines.flatMap((line, i) => (line.includes("Asia/Shanghai") ? [`${f}:${i + 1}`] : []));
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${OWNER}:`));
  });

  it("DEFAULT_TIME_ZONE sets the default zone, must be a real zone, and defaults to the home zone", () => {
    const base = { SESSION_SECRET: "unit-test-secret-0123456789abcdefghijkl", DATA_DIR: "/tmp/shuxiang-unit" };
    expect(loadConfig(base).defaultTimeZone).toBe(HOME_TIME_ZONE);
    expect(loadConfig({ ...base, DEFAULT_TIME_ZONE: "Europe/Berlin" }).defaultTimeZone).toBe("Europe/Berlin");
    expect(() => loadConfig({ ...base, DEFAULT_TIME_ZONE: "Mars/Olympus" })).toThrow(/DEFAULT_TIME_ZONE: must be an IANA time zone/);
  });

  it("a page over several branches takes their shared zone, or the default when they differ", () => {
    const berlin = { timezone: "Europe/Berlin" };
    const shanghai = { timezone: HOME_TIME_ZONE };
    expect(sharedZone([berlin], "UTC")).toBe("Europe/Berlin");
    expect(sharedZone([berlin, berlin], "UTC")).toBe("Europe/Berlin");
    expect(sharedZone([berlin, shanghai], "UTC")).toBe("UTC");
    expect(sharedZone([], "UTC")).toBe("UTC");
  });
});
