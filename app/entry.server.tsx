import crypto from "node:crypto";
import { type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance } from "i18next";
import { renderToReadableStream } from "react-dom/server.browser";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { RequestInfoContext } from "#app/components/request-info.tsx";
import { i18nOptions } from "#app/i18n/config.ts";
import { getLocale } from "#app/i18n/i18n.server.ts";
import { log } from "#app/lib/log.server.ts";
import { getServices } from "#app/services.server.ts";

// Start the database, migrations, job queue and workers as soon as the server imports the build,
// so the first request does not pay for it and a broken configuration fails at start-up.
void getServices().catch(() => {});

/** Resolves once the services are up (used by `npm run worker`). */
export function ready(): Promise<unknown> {
  return getServices();
}

export { runInRequestScope } from "#app/lib/request-scope.server.ts";

/** How long a page may take to render before it is cut off (Remix reads it for its data stream too). */
export const streamTimeout = 5000;

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets WebAssembly compile (the desk's QR decoder), not JavaScript's eval.
    `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = crypto.randomBytes(16).toString("base64");
  const locale = await getLocale(request);
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nOptions, lng: locale });

  // React's web-stream renderer, not its Node one: the Node build's encoder writes its whole 2 KB
  // buffer when a 3-byte character does not fit at its end, so NUL bytes landed inside Chinese text
  // (docs/decisions/0016-web-stream-render.md). The web build encodes each string whole and copies
  // the bytes across buffers. Remix's single fetch streams the loaders' data into the page through
  // Suspense, so a string renderer (which renders Suspense fallbacks) would leave the page unhydrated.
  // Nothing defers, so the whole page is awaited and answered at once.
  let failed = false;
  // A render that outlives its time is cut off; a finished one clears its timer at once (a pending
  // timer would keep the whole render and its data alive until it fired).
  const cutOff = new AbortController();
  const timer = setTimeout(() => cutOff.abort(new Error("render timed out")), streamTimeout + 1000);
  let body: Awaited<ReturnType<typeof renderToReadableStream>>;
  try {
    body = await renderToReadableStream(
      <RequestInfoContext.Provider value={{ nonce, requestId: loadContext.requestId }}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </I18nextProvider>
      </RequestInfoContext.Provider>,
      {
        nonce,
        signal: cutOff.signal,
        onError(error: unknown) {
          failed = true;
          log.error("render failed", { requestId: loadContext.requestId, error: String(error) });
        },
      },
    );
    await body.allReady;
  } finally {
    clearTimeout(timer);
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Loaders and the render, as the server spent them (browsers' developer tools show it).
  if (loadContext.startedAt !== undefined) responseHeaders.set("Server-Timing", serverTiming("app", loadContext.startedAt, "loaders and render"));
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  // The finished page as one buffer: streamed on, its ~2 KB chunks would each go through the adapter
  // and gzip separately (docs/decisions/0011), which doubled the board's time over HTTP.
  const html = await new Response(body).arrayBuffer();
  return new Response(html, { headers: responseHeaders, status: failed ? 500 : responseStatusCode });
}

function serverTiming(name: string, startedAt: number, description: string): string {
  return `${name};dur=${(performance.now() - startedAt).toFixed(1)};desc="${description}"`;
}

export function handleDataRequest(response: Response, { context }: { context: AppLoadContext }) {
  if (context.startedAt !== undefined) response.headers.set("Server-Timing", serverTiming("app", context.startedAt, "loaders"));
  response.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  return response;
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const requestId = (context as AppLoadContext | undefined)?.requestId;
  log.error("request failed", {
    requestId,
    method: request.method,
    path: new URL(request.url).pathname,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
};
