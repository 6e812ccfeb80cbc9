// On a Node.js too old for the app, `npm install` and `npm start` stop with what is needed and how
// to get it (scripts/check-node.cjs runs as their preinstall and prestart).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { tooOld } = require("../../scripts/check-node.cjs") as { tooOld(version: string): string | null };
const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { engines: { node: string }; scripts: Record<string, string> };

describe("Node.js version check", () => {
  it.each(["20.20.2", "v20.19.0", "22.17.1", "18.0.0"])("stops on %s, naming the version needed and how to get it", (version) => {
    const message = tooOld(version)!;
    expect(message).toContain("Node.js 22.18 or newer");
    expect(message).toContain("22.18 或更新的版本");
    expect(message).toContain(version);
    expect(message).toMatch(/nodejs\.org/);
    expect(message).toMatch(/nvm install 22/);
  });

  it.each(["22.18.0", "22.23.3", "v24.1.0", "26.0.0", process.versions.node])("lets %s through", (version) => {
    expect(tooOld(version)).toBeNull();
  });

  it("runs before install and start, and agrees with package.json's engines", () => {
    expect(pkg.scripts.preinstall).toBe("node scripts/check-node.cjs");
    expect(pkg.scripts.prestart).toBe("node scripts/check-node.cjs");
    expect(pkg.engines.node).toBe(">=22.18");
  });

  // The machine's own Node 20 (Debian's, if present) really is stopped, with the message and exit code 1.
  const old = ["/usr/bin/node"].find((p) => fs.existsSync(p) && tooOld(execFileSync(p, ["-p", "process.versions.node"], { encoding: "utf8" }).trim()));
  it.runIf(old)("stops a real old Node with exit code 1", () => {
    const run = spawnSync(old!, ["scripts/check-node.cjs"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Shuxiang needs Node.js 22.18 or newer");
  });
});
