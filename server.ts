// The HTTP server: Express in front of the Remix build. It adds what remix-serve cannot: the
// client address for rate limits, a request id, security headers on every response, and a
// same-origin check on every state-changing request. See docs/decisions/0002-http-server.md.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
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

/** Forms here are small: a body that says it is larger is refused before anyone reads it. */
function bodyLimit(req: Request, res: Response, next: NextFunction) {
  if (Number(req.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("Request too large.");
    return;
  }
  next();
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
const remix = createRequestHandler({
  build,
  mode: process.env.NODE_ENV,
  getLoadContext: (req, res) => ({ requestId: res.locals.requestId as string, clientIp: req.ip ?? "unknown", startedAt: performance.now() }),
});
// Each request runs in its own scope, where its loaders share who is signed in (app/modules/request-scope.server.ts).
const { runInRequestScope } = build.entry.module as unknown as { runInRequestScope: <T>(method: string, handle: () => T) => T };
app.all("*", (req, res, next) => runInRequestScope(req.method, () => remix(req, res, next)));

const server = app.listen(port, () => {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "listening", url: publicUrl.href, port }));
});
server.keepAliveTimeout = 65_000;
