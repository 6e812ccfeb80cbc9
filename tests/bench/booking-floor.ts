// The booking benchmark's HTTP floor (tests/bench/booking.bench.ts): a bare `node:http` server in
// front of the production build's own booking action — the same session lookup (requireVolunteer)
// and the same statements (bookShift) as the real route, without Express, the Remix request
// handler, single fetch's encoding or any middleware. The answer is the action's data as JSON.
// Started by the bench like the app (node tests/bench/booking-floor.ts, the app's environment).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

process.env.NODE_ENV ??= "production";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface BuildModule {
  entry: { module: { ready(): Promise<unknown>; runInRequestScope<T>(method: string, handle: () => T): T } };
  routes: Record<string, { module: { action?: (args: { request: Request; params: object; context: object }) => Promise<unknown> } }>;
}
const build = (await import(path.join(root, "build/index.js"))) as BuildModule;
await build.entry.module.ready();
const action = build.routes["routes/volunteer.shifts"].module.action!;
const port = Number(process.env.PORT);

/** What the action returned (`data(…)` or a thrown Response) as status and JSON. */
async function answer(result: unknown): Promise<[number, string]> {
  if (result instanceof Response) return [result.status, await result.text()];
  const init = result as { type?: string; data?: unknown; init?: { status?: number } };
  if (init.type === "DataWithResponseInit") return [init.init?.status ?? 200, JSON.stringify(init.data)];
  return [200, JSON.stringify(result)];
}

http
  .createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const request = new Request(`http://localhost:${port}${req.url}`, {
        method: "POST",
        headers: { Cookie: req.headers.cookie ?? "", "Content-Type": req.headers["content-type"] ?? "" },
        body: Buffer.concat(chunks),
      });
      let status: number;
      let body: string;
      try {
        const result = await build.entry.module.runInRequestScope("POST", () => action({ request, params: {}, context: {} }));
        [status, body] = await answer(result);
      } catch (thrown) {
        [status, body] = thrown instanceof Response ? await answer(thrown) : [500, String(thrown)];
      }
      res.writeHead(status, { "Content-Type": "application/json" }).end(body);
    });
  })
  .listen(port);
