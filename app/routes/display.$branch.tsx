// A branch's wall display: today's shifts and who is on, the events on now and next, and the
// places still short — large type for reading across a room, refreshed every 30 seconds by
// polling (not a meta refresh, which fails WCAG 2.2.1). Opened by desk staff on the branch's
// screen; it names volunteers, so it is not public.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { requireBranchAccess } from "#app/modules/auth/policy.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { todaysEvents } from "#app/modules/events/queries.server.ts";
import { checkInSheet } from "#app/modules/shifts/attendance.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = () => [{ title: "今日值班 · 书香" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db } = await getServices();
  const branch = (await listBranches(db)).find((b) => b.code === params.branch);
  if (!branch) throw new Response("Not Found", { status: 404 });
  requireBranchAccess(user, branch.code);
  const now = new Date();
  const today = todayIn(branch.timezone, now);
  const shifts = await checkInSheet(db, branch.code, today);
  const events = (await todaysEvents(db, [branch.code], new Date(now.getTime() - 14 * 3600_000), new Date(now.getTime() + 24 * 3600_000))).filter((e) => todayIn(branch.timezone, new Date(e.starts_at)) === today && new Date(e.ends_at) > now);
  return {
    branch: { name_zh: branch.name_zh, name_en: branch.name_en, timezone: branch.timezone },
    today,
    now: now.toISOString(),
    shifts: shifts
      .filter((s) => new Date(s.endsAt) > now)
      .map((s) => ({
        id: s.id,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        roleZh: s.roleZh,
        roleEn: s.roleEn,
        capacity: s.capacity,
        booked: s.booked,
        short: Math.max(0, s.minNeeded - s.booked),
        open: Math.max(0, s.capacity - s.booked),
        minorsWithoutAdult: s.minorsWithoutAdult,
        on: s.people.filter((p) => p.checkedInAt && !p.checkedOutAt).map((p) => p.name),
        expected: s.people.filter((p) => !p.checkedInAt && !p.noShow).map((p) => p.name),
      })),
    events: events.map((e) => ({ id: e.id, title_zh: e.title_zh, title_en: e.title_en, starts_at: e.starts_at, ends_at: e.ends_at, registered: e.registered, capacity: e.capacity, now: new Date(e.starts_at) <= now })),
  };
}

export default function WallDisplay() {
  const { branch, today, now, shifts, events } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 30_000);
    return () => clearInterval(timer);
  }, [revalidator]);
  const en = i18n.language === "en";
  const clock = (d: Date | string) => new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: branch.timezone }).format(new Date(d));
  const short = shifts.filter((s) => s.short > 0);
  const current = events.filter((e) => e.now);
  const next = events.filter((e) => !e.now).slice(0, 3);
  return (
    <div className="wall">
      <header className="wall__header">
        <h1>{en ? branch.name_en : branch.name_zh}</h1>
        <p>
          {today} · {t("wall.updated", { time: clock(now) })}
        </p>
      </header>
      <div className="wall__grid">
        <section aria-labelledby="wall-shifts">
          <h2 id="wall-shifts">{t("wall.shifts")}</h2>
          {shifts.length === 0 ? <p>{t("wall.noShifts")}</p> : null}
          <ul className="wall__list">
            {shifts.map((s) => (
              <li key={s.id}>
                <p className="wall__time">
                  {clock(s.startsAt)}–{clock(s.endsAt)} {en ? s.roleEn : s.roleZh}{" "}
                  <span className="muted">
                    {s.booked}/{s.capacity}
                  </span>
                </p>
                <p>
                  {t("wall.on")}: {s.on.length ? s.on.join("、") : "—"}
                </p>
                {s.expected.length ? (
                  <p className="muted">
                    {t("wall.expected")}: {s.expected.join("、")}
                  </p>
                ) : null}
                {s.minorsWithoutAdult ? <p className="wall__alert">{t("wall.minorsWithoutAdult")}</p> : null}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="wall-events">
          <h2 id="wall-events">{t("wall.eventsNow")}</h2>
          {current.length === 0 ? <p>{t("wall.noEventNow")}</p> : null}
          <ul className="wall__list">
            {current.map((e) => (
              <li key={e.id}>
                <p className="wall__time">
                  {clock(e.starts_at)}–{clock(e.ends_at)} {en ? e.title_en : e.title_zh}
                </p>
                <p>{t("wall.registered", { registered: e.registered, capacity: e.capacity })}</p>
              </li>
            ))}
          </ul>
          <h2>{t("wall.eventsNext")}</h2>
          {next.length === 0 ? <p>{t("wall.noEventNext")}</p> : null}
          <ul className="wall__list">
            {next.map((e) => (
              <li key={e.id}>
                <p className="wall__time">
                  {clock(e.starts_at)}–{clock(e.ends_at)} {en ? e.title_en : e.title_zh}
                </p>
                <p>{t("wall.registered", { registered: e.registered, capacity: e.capacity })}</p>
              </li>
            ))}
          </ul>
          <h2>{t("wall.short")}</h2>
          {short.length === 0 ? <p>{t("wall.noneShort")}</p> : null}
          <ul className="wall__list">
            {short.map((s) => (
              <li key={s.id} className="wall__alert">
                {clock(s.startsAt)}–{clock(s.endsAt)} {en ? s.roleEn : s.roleZh}: {t("wall.placesShort", { count: s.short })}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
