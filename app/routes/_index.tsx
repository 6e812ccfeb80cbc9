import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { groupOpeningHours, weeklyOpenHours } from "#app/modules/branches/opening-hours.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import type { OpeningHours } from "#db/schema.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home");

export async function loader() {
  const { db } = await getServices();
  return { branches: await listBranches(db) };
}

export default function Home() {
  const { branches } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
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
