// Finding every page a kind of user can reach: follow the same-site links they see from their
// start pages, one page per route shape, so a page added later is covered without being listed.
import type { Page } from "@playwright/test";

/** Links that are not pages: files, feeds, data, the language and sign-out actions, a message's parts. */
export const NOT_PAGES = /\.(csv|xlsx|ics|html|json)(\?|$)|\/(ics|csv|data)(\?|$)|^\/(sign-out|language)|\/mailbox\/\d+\/(invite|html)/;

/** A route's shape: numbers and tokens in the path become ":id", the query is dropped. */
export function shape(path: string): string {
  return path
    .split("?")[0]
    .split("/")
    .map((part) => (/^\d+$/.test(part) || part.length > 20 ? ":id" : part))
    .join("/");
}

/**
 * Visits the start pages and every same-site link within `within` found on the way, one page per
 * route shape, calling `visit` on each as it stands; returns shape → the path visited.
 */
export async function crawl(page: Page, starts: string[], within: RegExp, visit: (path: string) => Promise<void>): Promise<Map<string, string>> {
  const visited = new Map<string, string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (visited.has(shape(path))) continue;
    await page.goto(path);
    visited.set(shape(path), path);
    await visit(path);
    const hrefs = await page.locator("a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) {
      if (within.test(href) && !NOT_PAGES.test(href) && !visited.has(shape(href))) queue.push(href);
    }
  }
  return visited;
}
