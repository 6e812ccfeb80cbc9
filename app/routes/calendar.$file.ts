// GET /calendar/<token>.ics — a volunteer's personal feed (the token is the only key; no cookie).
// GET /calendar/branch-<code>.ics — a branch's public events feed (?lang=en for English).
// Both answer If-None-Match / If-Modified-Since with 304.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse } from "#app/modules/calendar/feed-versions.server.ts";
import { volunteerFeed } from "#app/modules/feeds/feeds.server.ts";
import { branchEventsFeed } from "#app/modules/events/queries.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  if (!file.endsWith(".ics")) throw new Response("Not Found", { status: 404 });
  const services = await getServices();
  const deps = appDeps(services);
  const branch = /^branch-([A-Za-z0-9]{1,20})\.ics$/.exec(file);
  if (branch) {
    const language = new URL(request.url).searchParams.get("lang") === "en" ? "en" : "zh-CN";
    const feed = await branchEventsFeed(services.db, branch[1], deps, language);
    if (feed === null) throw new Response("Not Found", { status: 404 });
    return feedResponse(request, feed, { "Content-Disposition": `inline; filename="${branch[1]}-events.ics"`, "Cache-Control": "public, max-age=300" });
  }
  const feed = await volunteerFeed(services.db, file.slice(0, -4), { host: deps.publicUrl.hostname, baseUrl: deps.publicUrl });
  if (feed === null) throw new Response("Not Found", { status: 404 });
  return feedResponse(request, feed, {
    "Content-Disposition": 'inline; filename="shuxiang.ics"',
    "Cache-Control": "private, max-age=300",
    // A capability URL: keep it out of referrers and search engines.
    "X-Robots-Tag": "noindex",
  });
}
