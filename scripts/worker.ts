// npm run worker — a process that only delivers (and later schedules) messages, for running at
// scale beside app processes started with WORKERS=off. It loads the built server, whose start-up
// opens the database and the job queue and starts the workers; it serves no HTTP.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const build = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../build/index.js");
if (!fs.existsSync(build)) {
  console.error("No build found: run `npm run build` first.");
  process.exit(2);
}
process.env.NODE_ENV ??= "production";
process.env.WORKERS = "on";
const { entry } = (await import(build)) as { entry: { module: { ready(): Promise<unknown> } } };
await entry.module.ready();
console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "worker ready", pid: process.pid }));
