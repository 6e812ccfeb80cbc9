import { describe, expect, it } from "vitest";
import { oncePerRequest, runInRequestScope } from "#app/lib/request-scope.server.ts";

describe("request scope", () => {
  it("answers a key once within a GET, also across awaits and parallel loaders", async () => {
    let made = 0;
    const ask = () => oncePerRequest("user:a", async () => ++made);
    const answers = await runInRequestScope("GET", async () => {
      const [a, b] = await Promise.all([ask(), (async () => (await Promise.resolve(), ask()))()]);
      return [a, b, await ask()];
    });
    expect(answers).toEqual([1, 1, 1]);
    expect(made).toBe(1);
  });

  it("shares nothing between requests, between keys, in a POST or outside a request", async () => {
    let made = 0;
    const ask = (key = "user:a") => oncePerRequest(key, () => ++made);
    expect(runInRequestScope("GET", () => [ask(), ask("user:b")])).toEqual([1, 2]);
    expect(runInRequestScope("GET", () => ask())).toBe(3);
    expect(runInRequestScope("POST", () => [ask(), ask()])).toEqual([4, 5]);
    expect([ask(), ask()]).toEqual([6, 7]);
  });
});
