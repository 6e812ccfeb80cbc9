// A branch's roster for one day, to print on A4 (names, roles, times, phone, a signature column),
// and as CSV (/staff/roster/csv with the same query). Any staff member of the branch.
import { pageTitle } from "#app/components/page-title.ts";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterError, invalidProps } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { filterStatus } from "#app/lib/input.ts";
import { formatClockRange, formatDay } from "#app/lib/time.ts";
import { loadRoster } from "#app/web/roster.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roster");

export async function loader({ request }: LoaderFunctionArgs) {
  const roster = await loadRoster(request);
  return data(roster, filterStatus(roster.errors));
}

export default function Roster() {
  const { branch, branches, date, shifts, errors } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const { search } = useLocation();
  type Person = (typeof shifts)[number]["people"][number];
  const rows = shifts.flatMap((s) => (s.people.length ? s.people.map((p, i) => ({ s, p: p as Person | null, i })) : [{ s, p: null as Person | null, i: 0 }]));
  return (
    <div className="roster">
      <Form method="get" className="filters no-print" aria-label={t("roster.choose")}>
        <div className="form-field">
          <label htmlFor="r-branch">{t("shifts.branch")}</label>
          <select id="r-branch" name="branch" defaultValue={branch?.code ?? ""} {...invalidProps("r-branch", errors.branch)}>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="r-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="r-date">{t("roster.date")}</label>
          <input id="r-date" type="date" name="date" defaultValue={date} {...invalidProps("r-date", errors.date)} />
          <FilterError id="r-date" error={errors.date} />
        </div>
        <button type="submit" className="button">
          {t("roster.show")}
        </button>
      </Form>
      {branch ? (
        <>
          <h1>{t("roster.title", { branch: localized(branch, "name"), date: formatDay(`${date}T12:00:00Z`, "UTC", i18n.language, true) })}</h1>
          <p className="no-print">
            <button type="button" className="button" onClick={() => window.print()}>
              {t("roster.print")}
            </button>{" "}
            <a href={`/staff/roster/csv${search}`} download>
              {t("roster.csv")}
            </a>{" "}
            <Link to={`/staff/check-in?branch=${branch.code}`}>{t("nav.checkIn")}</Link>
          </p>
          {rows.length === 0 ? (
            <p>{t("roster.none")}</p>
          ) : (
            // On a phone the sheet scrolls sideways in its own box (reachable by keyboard), not the page.
            <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="roster-caption">
              <table className="data roster-table">
                <caption id="roster-caption" className="visually-hidden">{t("roster.caption", { count: rows.filter((r) => r.p).length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("roster.time")}</th>
                    <th scope="col">{t("shifts.role")}</th>
                    <th scope="col">{t("directory.name")}</th>
                    <th scope="col">{t("apply.phone")}</th>
                    <th scope="col">{t("roster.signIn")}</th>
                    <th scope="col">{t("roster.signOut")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ s, p, i }) => (
                    <tr key={`${s.id}-${p?.bookingId ?? "none"}`}>
                      <td>{i === 0 ? formatClockRange(s.startsAt, s.endsAt, s.timezone) : ""}</td>
                      <td>{i === 0 ? (i18n.language === "en" ? s.roleEn : s.roleZh) : ""}</td>
                      {p ? (
                        <>
                          <th scope="row">{p.name}</th>
                          <td>{p.phone ?? "—"}</td>
                        </>
                      ) : (
                        <td colSpan={2} className="muted">
                          {t("roster.nobody")}
                        </td>
                      )}
                      <td className="signature" />
                      <td className="signature" />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <h1>{t("roster.heading")}</h1>
      )}
    </div>
  );
}
