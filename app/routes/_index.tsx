import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { groupOpeningHours, weeklyOpenHours } from "#app/modules/branches/opening-hours.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { listPublicEvents } from "#app/modules/events/queries.server.ts";
import { formatTimeSpan } from "#app/lib/time.ts";
import type { OpeningHours } from "#db/schema.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home");

/** How many coming events the home page shows (the programme has the rest). */
const NEXT_EVENTS = 4;

export async function loader() {
  const { db } = await getServices();
  const [branches, events] = await Promise.all([listBranches(db), listPublicEvents(db, {}, false)]);
  const next = events.slice(0, NEXT_EVENTS).map((e) => ({
    id: e.id,
    title_zh: e.title_zh,
    title_en: e.title_en,
    starts_at: e.starts_at,
    ends_at: e.ends_at,
    timezone: e.timezone,
    branch_code: e.branch_code,
    left: e.capacity - e.registered,
  }));
  return { branches, next };
}

export default function Home() {
  const { branches, next } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const branchName = new Map(branches.map((b) => [b.code, b]));
  const localized = useLocalized();
  return (
    <>
      {params.get("deleted") ? (
        <p className="notice" role="status">
          {t("profile.deleted")}
        </p>
      ) : null}
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <p className="button-row">
        <Link to="/join" className="button">
          {t("home.becomeVolunteer")}
        </Link>
        <Link to="/events">{t("home.allEvents")}</Link>
      </p>

      <section aria-labelledby="next-events-heading">
        <h2 id="next-events-heading">{t("home.nextEvents")}</h2>
        {next.length === 0 ? (
          <p>{t("home.noEvents")}</p>
        ) : (
          <ul className="home-events">
            {next.map((e) => {
              const branch = branchName.get(e.branch_code);
              return (
                <li key={e.id} className="panel">
                  <h3>
                    <Link to={`/events/${e.id}`}>{localized(e, "title")}</Link>
                  </h3>
                  <p>{formatTimeSpan(e.starts_at, e.ends_at, e.timezone, i18n.language)}</p>
                  <p className="muted">
                    {branch ? localized(branch, "name") : ""} · {e.left > 0 ? t("home.placesLeft", { count: e.left }) : t("home.eventFull")}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="branches-heading">
        <h2 id="branches-heading">
          {t("home.branchesHeading")} <span className="muted">· {t("home.branchCount", { count: branches.length })}</span>
        </h2>
        <p className="muted">{t("home.sharesCirculationHint")}</p>
        <ul className="branch-grid">
          {branches.map((branch) => {
            const hours = branch.opening_hours as unknown as OpeningHours;
            return (
              <li key={branch.code} className={`branch-card${branch.kind === "main" ? " branch-card--main" : ""}`} aria-labelledby={`branch-${branch.code}`}>
                <h3 id={`branch-${branch.code}`}>{localized(branch, "name")}</h3>
                <p>
                  <span className="tag tag--kind">{t(`branchKind.${branch.kind}`)}</span>
                  {branch.shares_circulation ? (
                    <span className="tag tag--ok">✓ {t("home.sharesCirculation")}</span>
                  ) : (
                    <span className="tag">{t("home.notYetCirculation")}</span>
                  )}
                </p>
                <dl>
                  <dt>{t("home.address")}</dt>
                  <dd>{localized(branch, "address")}</dd>
                  <dt>{t("home.openingHours")}</dt>
                  <dd>
                    {t("home.hoursPerWeek", { hours: weeklyOpenHours(hours) })}
                    <br />
                    {groupOpeningHours(hours)
                      .map((g) => {
                        const days = g.from === g.to ? t(`weekday.${g.from}`) : `${t(`weekday.${g.from}`)}–${t(`weekday.${g.to}`)}`;
                        const times = g.intervals.length ? g.intervals.map(([a, b]) => `${a}–${b}`).join(", ") : t("home.closed");
                        return `${days} ${times}`;
                      })
                      .join("；")}
                  </dd>
                </dl>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="volunteer-heading">
        <h2 id="volunteer-heading">{t("home.volunteerHeading")}</h2>
        <p>{t("home.volunteerText")}</p>
        <p>
          <Link className="button" to="/volunteer/sign-in">
            {t("nav.volunteerSignIn")}
          </Link>
        </p>
      </section>
    </>
  );
}
