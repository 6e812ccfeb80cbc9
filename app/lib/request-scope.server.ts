// What one HTTP request's loaders share. Remix runs the root's and the page's loaders side by side,
// each asking who is signed in: within one GET they share the answer (one session query, not two).
// Requests that change things (POST and the like) share nothing: an action may change the very
// answer the loaders after it must see.
import { AsyncLocalStorage } from "node:async_hooks";

interface Scope {
  shared: boolean;
  values: Map<string, unknown>;
}

const storage = new AsyncLocalStorage<Scope>();

/** Runs one HTTP request (server.ts); `method` decides whether its loaders may share answers. */
export function runInRequestScope<T>(method: string, handle: () => T): T {
  return storage.run({ shared: method === "GET" || method === "HEAD", values: new Map() }, handle);
}

/** `make()` once per key within a GET request; every time outside one. */
export function oncePerRequest<T>(key: string, make: () => T): T {
  const scope = storage.getStore();
  if (!scope?.shared) return make();
  if (!scope.values.has(key)) scope.values.set(key, make());
  return scope.values.get(key) as T;
}
