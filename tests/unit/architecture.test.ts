// The layers of app/ (README "Architecture"): routes → web (guards, page helpers) → services
// container → domain modules → lib (plumbing). A domain module never reaches the services
// container or the web layer, lib never reaches a module, and no import cycle runs between
// modules — type-only imports included, since they tie modules together just the same.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const aliases: Record<string, string> = { "#app/": "app/", "#db/": "db/", "#emails/": "emails/" };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Every file `file` imports (values, types and re-exports), as paths from the repository root. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
  const out: string[] = [];
  for (const { fileName } of info.importedFiles) {
    let target: string | null = null;
    for (const [alias, dir] of Object.entries(aliases)) if (fileName.startsWith(alias)) target = dir + fileName.slice(alias.length);
    if (fileName.startsWith(".")) target = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
    if (target) out.push(target);
  }
  return out;
}

/** The part of app/ a file belongs to: "modules/<name>", "lib", "web", "routes", "components", or the file itself at the top of app/. */
function partOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "app") return parts[0];
  if (parts[1] === "modules") return `modules/${parts[2]}`;
  if (parts.length === 2) return file === "app/services.server.ts" ? "services" : file;
  return parts[1];
}

const files = sourceFiles("app");
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe("architecture", () => {
  it("finds the app's files and their imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get("app/web/guards.server.ts")).toContain("app/services.server.ts");
  });

  it("no domain module or lib file imports the services container, the web layer or a route", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const part = partOf(file);
      if (!part.startsWith("modules/") && part !== "lib") continue;
      for (const t of targets) {
        const tp = partOf(t);
        if (tp === "services" || tp === "web" || tp === "routes") wrong.push(`${file} → ${t}`);
        if (part === "lib" && tp.startsWith("modules/")) wrong.push(`${file} → ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no import cycle runs between modules (type-only imports included)", () => {
    const edges = new Map<string, Map<string, string>>();
    for (const [file, targets] of graph) {
      const from = partOf(file);
      for (const t of targets) {
        const to = partOf(t);
        if (to === from) continue;
        if (!edges.has(from)) edges.set(from, new Map());
        if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${file} → ${t}`);
      }
    }
    // Depth-first search; a back edge closes a cycle, reported with the imports that make it.
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, "open");
      stack.push(node);
      for (const next of edges.get(node)?.keys() ?? []) {
        if (state.get(next) === "open") {
          const loop = [...stack.slice(stack.indexOf(next)), next];
          cycles.push(loop.slice(1).map((to, i) => edges.get(loop[i])!.get(to)!).join("\n  "));
        } else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, "done");
    };
    for (const node of edges.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });
});
