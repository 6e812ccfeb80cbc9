// The HTTP server: Express in front of the Remix build. It adds what remix-serve cannot: the
// client address for rate limits, a request id, security headers on every response, and a
// same-origin check on every state-changing request. See docs/decisions/0002-http-server.md.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import onHeaders from "on-headers";

process.env.NODE_ENV ??= "production";
const root = path.dirname(fileURLToPath(import.meta.url));
const build = (await import(path.join(root, "build/index.js"))) as ServerBuild;
const port = Number(process.env.PORT ?? 3000);
const publicUrl = new URL(process.env.PUBLIC_URL || `http://localhost:${port}`);
const https = publicUrl.protocol === "https:";

const defaultHeaders: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "Cross-Origin-Opener-Policy": "same-origin",
  ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
};

// Pages and files with someone's personal data: no browser or proxy may keep a copy (a shared
// library computer's back button, a caching proxy). Staff and volunteer pages, a registration's
// private page, the sign-in pages (they carry codes and addresses).
const PERSONAL = /^\/(staff|volunteer|events\/registration|sign-in)(\/|$)/;

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const requestId = crypto.randomUUID();
  res.locals.requestId = requestId;
  res.setHeader("X-Request-Id", requestId);
  const personal = PERSONAL.test(req.path);
  // Pages set their own CSP (with a nonce); everything else gets the strict defaults.
  onHeaders(res, () => {
    for (const [name, value] of Object.entries(defaultHeaders)) {
      if (!res.hasHeader(name)) res.setHeader(name, value);
    }
    if (personal) res.setHeader("Cache-Control", "no-store");
  });
  next();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const MAX_BODY_BYTES = 1_000_000;
// What our forms send; JSON or anything else would reach an action that only reads forms.
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * A body that is not a form is refused with 415; one that says it is larger than forms here ever
 * are is refused with 413 before anyone reads it (a chunked one is counted as it is read, below).
 */
function bodyLimit(req: Request, res: Response, next: NextFunction) {
  if (req.is(FORM_TYPES) === false) {
    res.status(415).type("text/plain").send("Only forms may be posted here.");
    return;
  }
  if (Number(req.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    // Not read at all: the connection closes once the answer is sent.
    res.status(413).set("Connection", "close").type("text/plain").send("Request too large.");
    return;
  }
  next();
}

/**
 * 413, and reading stops: what the client still sends stays unread (the socket's buffers fill and
 * it waits), the client reads the answer and closes; one that does not is cut off at the server's
 * request timeout. Nothing of the body is kept. (Closing at once would reset the connection under
 * a client still sending, before it could read the answer.)
 */
function tooLarge(req: Request, res: Response) {
  req.removeAllListeners("data");
  req.pause();
  res.status(413).type("text/plain").send("Request too large.");
}

/** The body, read as it arrives and stopped at MAX_BODY_BYTES however it is sent: null when larger. */
function readBody(req: Request): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      resolve(null);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** The one-click unsubscribe address (RFC 8058): mail providers POST to it from their own servers. */
const ONE_CLICK_UNSUBSCRIBE = /^\/unsubscribe\/[^/]+$/;

/**
 * State changes only from our own pages: a cross-site form or fetch is refused with 403. The one
 * exception is the one-click unsubscribe POST, whose signed token can only turn mail off.
 */
function sameOrigin(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  if (req.method === "POST" && ONE_CLICK_UNSUBSCRIBE.test(req.path)) {
    // Remix answers 500 to a document POST whose Origin is not its Host; here the token is the key.
    delete req.headers.origin;
    return next();
  }
  const origin = req.get("origin");
  const fetchSite = req.get("sec-fetch-site");
  const own = new Set([publicUrl.origin, `${req.protocol}://${req.get("host")}`]);
  const allowed = origin ? own.has(origin) : fetchSite === undefined || fetchSite === "same-origin" || fetchSite === "none";
  if (!allowed) {
    res.status(403).type("text/plain").send("Cross-origin request refused.");
    return;
  }
  next();
}

const app = express();
app.disable("x-powered-by");
// Behind a load balancer set TRUST_PROXY (e.g. "1" or its address) so req.ip is the client's.
app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback");
app.use(securityHeaders);
// Pages and assets are compressed; answers to form posts are a few hundred bytes, and a deflate
// stream per answer cost more than it saved (measured under the booking benchmark). Level 3, not
// zlib's 6: half the CPU for about a fifth more bytes (the 700 KB board: 2.7 ms → 55 KB against
// 5.9 ms → 46 KB), and on a two-core server CPU is the scarcer of the two.
app.use(compression({ level: 3, filter: (req, res) => req.method === "GET" && compression.filter(req, res) }));
app.use(build.publicPath, express.static(path.resolve(root, build.assetsBuildDirectory), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h", index: false }));
app.use(sameOrigin);
app.use(bodyLimit);
const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
// Each request runs in its own scope, where its loaders share who is signed in (app/lib/request-scope.server.ts).
const { runInRequestScope } = build.entry.module as unknown as { runInRequestScope: <T>(method: string, handle: () => T) => T };

/** The reason a request's signal gives once its answer is done (one object: a new DOMException costs a stack trace). */
const CLOSED = new Error("The response is closed.");

/** Answers sent as one buffer: pages (already one buffer, entry.server) and single fetch's data (turbo-stream). */
const WHOLE_BODIES = /^(text\/html|text\/x-script)\b/;

/**
 * What @remix-run/express does, except that a body is read here first, within MAX_BODY_BYTES: the
 * adapter hands Remix the raw stream, and a chunked body of any size was read whole.
 */
async function remix(req: Request, res: Response, next: NextFunction) {
  try {
    const body = SAFE_METHODS.has(req.method) ? undefined : await readBody(req);
    if (body === null) return tooLarge(req, res);
    // Aborted when the answer is done, sent or not: single fetch keeps a timer per request (its
    // stream timeout, 5 s) that only the request's signal clears, and with it the request's data.
    const controller = new AbortController();
    res.on("close", () => controller.abort(CLOSED));
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
    }
    // req.hostname honours `trust proxy` (X-Forwarded-Host); the port comes from the Host header.
    const port = req.get("host")?.split(":")[1];
    const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
    const request = new globalThis.Request(url, { method: req.method, headers, body: body?.length ? new Uint8Array(body) : undefined, signal: controller.signal });
    const context = { requestId: res.locals.requestId as string, clientIp: req.ip ?? "unknown", startedAt: performance.now() };
    const response = await runInRequestScope(req.method, () => handleRequest(request, context));
    res.statusMessage = response.statusText;
    res.status(response.status);
    for (const [name, value] of response.headers) res.append(name, value);
    if (!response.body) res.end();
    // Pages and single-fetch data are complete when they get here (nothing defers): one write with
    // a Content-Length, not a chunk per piece and a closing chunk (each a system call).
    else if (WHOLE_BODIES.test(response.headers.get("Content-Type") ?? "")) res.end(Buffer.from(await response.arrayBuffer()));
    else await writeReadableStreamToWritable(response.body, res);
  } catch (error) {
    next(error);
  }
}
app.all("*", remix);

const server = app.listen(port, () => {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "listening", url: publicUrl.href, port }));
});
server.keepAliveTimeout = 65_000;
