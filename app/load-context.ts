// Types the Remix runtime needs to know about this app.
declare module "@remix-run/node" {
  // What the HTTP server (server.ts) passes to every loader and action.
  interface AppLoadContext {
    requestId: string;
    clientIp: string;
    /** performance.now() when the request reached Remix: the Server-Timing header counts from it. */
    startedAt?: number;
  }
  // Single fetch is on (remix.config.js): loaders and actions are typed accordingly.
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
