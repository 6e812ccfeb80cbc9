// A branch's wall display (/staff/display?branch=…): opened full screen on a screen in the hall by
// someone on the desk, it fetches its data again every minute and redraws in place (not a
// <meta> refresh: that reloads the whole page under a screen reader, WCAG 2.2.1).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { getFixedT, getLocale } from "#app/i18n/i18n.server.ts";
import { code, filterStatus, parseFilters } from "#app/lib/input.ts";
import { forbidden } from "#app/modules/auth/policy.ts";
import { wallDisplay, type DisplayEvent } from "#app/modules/board/display.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";

/** Seconds between redraws. */
export const REFRESH_SECONDS = 60;

export const handle = { bare: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "书香" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "shift.checkIn");
  const locale = await getLocale(request);
  const t = await getFixedT(locale);
  const { filters, errors } = parseFilters(request.url, { branch: code() });
  const { db } = await getServices();
  const branches = await branchesWhere(db, user, "shift.checkIn");
  const wanted = filters.branch ?? (branches.length === 1 && !errors.branch ? branches[0].code : undefined);
  const title = `${t("display.title")} · ${t("app.name")}`;
  if (!wanted) {
    // No branch chosen yet, or a refused one: the list to choose from, with the message.
    const choose = branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en }));
    return data({ title, choose, error: errors.branch ?? null, branch: null, display: null, drawnAt: null }, filterStatus(errors));
  }
  const branch = branches.find((b) => b.code === wanted);
  if (!branch) throw forbidden();
  const now = new Date();
  return data({
    title: `${t("display.title")} · ${locale === "en" ? branch.name_en : branch.name_zh}`,
    choose: null,
    error: null,
    branch: { code: branch.code, name_zh: branch.name_zh, name_en: branch.name_en, timezone: branch.timezone },
    drawnAt: now.toISOString(),
    display: await wallDisplay(db, branch, now),
  });
}

export default function Display() {
  const loaded = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [revalidator]);
  if (!loaded.branch || !loaded.display) {
    return (
      <section className="display-choose">
        <h1>{t("display.title")}</h1>
        <p>{t("display.choose")}</p>
        {loaded.error ? (
          <p className="field-error" role="alert">
            {text(loaded.error)}
          </p>
        ) : null}
        <ul>
          {(loaded.choose ?? []).map((b) => (
            <li key={b.code}>
              <Link to={`?branch=${encodeURIComponent(b.code)}`}>{localized(b, "name")}</Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const { branch, display } = loaded;
  const zone = branch.timezone;
  const clock = (d: Date | string) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(new Date(d));
  const day = new Intl.DateTimeFormat(i18n.language, { month: "long", day: "numeric", weekday: "long", timeZone: zone }).format(new Date(loaded.drawnAt!));
  const en = i18n.language === "en";
  const event = (e: DisplayEvent) => (
    <li key={e.id} className="display-event">
      <span className="display-time">
        {clock(e.startsAt)}–{clock(e.endsAt)}
      </span>
      <span className="display-event__title">{en ? e.titleEn : e.titleZh}</span>
      {(en ? e.roomEn : e.roomZh) ? <span className="display-muted">{en ? e.roomEn : e.roomZh}</span> : null}
      <span className={e.free > 0 ? "display-free" : "display-full"}>{e.free > 0 ? t("display.freePlaces", { count: e.free }) : t("display.full")}</span>
    </li>
  );
  return (
    <div className="display" data-refresh-seconds={REFRESH_SECONDS}>
      <header className="display-head">
        <h1>
          {localized(branch, "name")} <span className="display-muted">{day}</span>
        </h1>
        <p className="display-muted">{t("display.drawnAt", { time: clock(loaded.drawnAt!) })}</p>
      </header>
      <p className={display.shortPlaces > 0 ? "display-short" : "display-ok"} role="status">
        {display.shortPlaces > 0 ? t("display.short", { count: display.shortPlaces }) : t("display.allStaffed")}
      </p>
      <div className="display-grid">
        <section aria-labelledby="display-shifts">
          <h2 id="display-shifts">{t("display.shifts")}</h2>
          {display.shifts.length === 0 ? <p className="display-muted">{t("display.noShifts")}</p> : null}
          <ul className="display-list">
            {display.shifts.map((s) => (
              <li key={s.id} className={`display-shift${s.now ? " display-shift--now" : s.over ? " display-shift--over" : ""}`}>
                <span className="display-time">
                  {clock(s.startsAt)}–{clock(s.endsAt)}
                </span>
                <span className="display-shift__role">{en ? s.roleEn : s.roleZh}</span>
                <ul className="display-people">
                  {s.people.map((p, i) => (
                    <li key={i} className={`display-person display-person--${p.state}`}>
                      {p.name} <span className="display-state">{t(`display.state.${p.state}`)}</span>
                    </li>
                  ))}
                  {s.short > 0 ? <li className="display-person display-person--open">{t("display.openPlaces", { count: s.short })}</li> : null}
                </ul>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="display-events">
          <h2 id="display-events">{t("display.eventsNow")}</h2>
          {display.eventsNow.length === 0 ? <p className="display-muted">{t("display.noEventsNow")}</p> : <ul className="display-list">{display.eventsNow.map(event)}</ul>}
          <h2>{t("display.eventsNext")}</h2>
          {display.eventsNext.length === 0 ? <p className="display-muted">{t("display.noEventsNext")}</p> : <ul className="display-list">{display.eventsNext.map(event)}</ul>}
        </section>
      </div>
    </div>
  );
}
