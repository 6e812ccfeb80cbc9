// The patch to @remix-run/router (patches/, docs/decisions/0021) is applied by `npm install`: the
// server keeps each route table's ranked branches instead of flattening and ranking the whole tree
// on every match, and still matches as before. If an upgrade drops the patch, this fails.
import { createRequire } from "node:module";
import { expect, it } from "vitest";

// The CommonJS build, which @remix-run/server-runtime loads on the server.
const router = createRequire(import.meta.url)("@remix-run/router") as typeof import("@remix-run/router");

it("matches as before: parameters, splats, no match", () => {
  const routes = [{ path: "/", children: [{ path: "staff/shifts/:id" }, { path: "files/*" }] }];
  expect(router.matchRoutes(routes, "/staff/shifts/42")?.at(-1)?.params).toEqual({ id: "42" });
  expect(router.matchRoutes(routes, "/files/a/b")?.at(-1)?.params).toEqual({ "*": "a/b" });
  expect(router.matchRoutes(routes, "/nowhere")).toBeNull();
  expect(router.matchPath("/u/:x", "/U/7")?.params).toEqual({ x: "7" });
  expect(router.matchPath({ path: "/u", end: false }, "/u/7")?.pathname).toBe("/u");
});

it("ranks a route table once: a table matched before is not flattened again", () => {
  const routes: Array<{ path: string }> = [{ path: "/a" }];
  expect(router.matchRoutes(routes, "/a")).not.toBeNull();
  // A route added to the same table afterwards is not seen: the ranked branches were kept. (Tables
  // do not change on a server; a new table is ranked afresh.)
  routes.push({ path: "/b" });
  expect(router.matchRoutes(routes, "/b")).toBeNull();
  expect(router.matchRoutes([...routes], "/b")).not.toBeNull();
});
