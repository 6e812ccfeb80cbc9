// The client bundle replaces *.server.ts modules with nothing: a value imported from one and used
// in a page component is undefined in the browser, and the page breaks on client navigation (it
// renders on the server, so only a browser notices). Every route keeps such values to its loader
// and action.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const routes = path.resolve(import.meta.dirname, "../../app/routes");
const components = path.resolve(import.meta.dirname, "../../app/components");

function serverValueImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/^import\s+(?!type\b)\{([^}]*)\}\s+from\s+"[^"]+\.server\.ts";/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim();
      if (!name || name.startsWith("type ")) continue;
      names.push(name.split(/\s+as\s+/).pop()!.trim());
    }
  }
  return names;
}

/** The page component (and anything after it) — the code that runs in the browser too. */
function componentPart(source: string): string {
  const start = source.search(/^export default function /m);
  return start === -1 ? "" : source.slice(start);
}

describe("page components use no values from server modules", () => {
  const files = [
    ...fs.readdirSync(routes).map((f) => path.join(routes, f)),
    ...fs.readdirSync(components).map((f) => path.join(components, f)),
  ].filter((f) => f.endsWith(".tsx"));
  it.each(files.map((f) => [path.relative(process.cwd(), f), f]))("%s", (_name, file) => {
    const source = fs.readFileSync(file, "utf8");
    // Words inside string literals (translation keys such as "checkIn.title") are not uses.
    const body = (path.dirname(file) === components ? source : componentPart(source)).replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    // (A word right after a backtick or a dot is the start of a key or a property, not a use.)
    const used = serverValueImports(source).filter((name) => new RegExp(`(?<![\`.\\w$-])${name}\\b(?!-)`).test(body));
    expect(used).toEqual([]);
  });
});
