// One form shape (docs/decisions/0032-one-form-shape.md): every action reads its form with
// `parseForm` (one conform + zod schema) and answers with `refuse` (400, every field's message and
// what was typed), `done` (what was done) or a redirect — never a shape of its own.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const routes = path.resolve(import.meta.dirname, "../../app/routes");

/** A function's own text: from its declaration to the first closing brace at the start of a line. */
function functionOf(source: string, name: string): string | null {
  const start = source.search(new RegExp(`^export (async )?function ${name}\\b|^export const ${name}\\b`, "m"));
  if (start === -1) return null;
  const end = source.indexOf("\n}\n", start);
  return source.slice(start, end === -1 ? undefined : end + 2);
}

/** A route's action, or the shared one it re-exports (`export { shiftPageAction as action } from "#app/web/…"`). */
function actionOf(source: string): string | null {
  const shared = /export \{[^}]*\b(\w+) as action\b[^}]*\} from "#app\/(web\/[\w.-]+)"/.exec(source);
  if (shared) return functionOf(fs.readFileSync(path.resolve(routes, "..", shared[2]), "utf8"), shared[1]);
  return functionOf(source, "action");
}

const files = fs
  .readdirSync(routes)
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => ({ name: f, action: actionOf(fs.readFileSync(path.join(routes, f), "utf8")) }))
  .filter((f): f is { name: string; action: string } => f.action !== null);

describe("every action parses its form with parseForm and answers one shape", () => {
  it.each(files.map((f) => [f.name, f.action]))("%s", (_name, action) => {
    expect(action, "reads its form with parseForm").toMatch(/\bparseForm\(/);
    // Reading the form by hand skips the schema (and conform's reply).
    expect(action, "no formValues / safeParse / formData.get").not.toMatch(/\bformValues\(|\.safeParse\(|formData\.get(All)?\(/);
    // Answers: refuse(…) or done(…) (ActionResult), a redirect, or a thrown Response (403, 404).
    expect(action, "no data()/json() of its own").not.toMatch(/(?<![\w.])(data|json)\(/);
    expect(action, "no object literal answer").not.toMatch(/\breturn\s*\{/);
    expect(action, "no Response answer but a thrown one").not.toMatch(/(?<!throw\s)new Response\(/);
  });

  it("covers every route with an action, with no exception", () => {
    expect(files.length).toBeGreaterThan(40);
  });
});
