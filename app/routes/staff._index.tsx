import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { SignOutEverywhere } from "#app/components/sign-out-everywhere.tsx";
import { can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { getStaffOverview } from "#app/modules/branches/overview.server.ts";
import { getServices } from "#app/services.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { workbench } from "#app/web/workbench.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffHome");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db, config } = await getServices();
  // Administrators see failed deliveries here until someone resends them or marks them as dealt with.
  const [overview, work] = await Promise.all([getStaffOverview(db, user), workbench(db, user, config.defaultTimeZone)]);
  const openFailures = work.find((w) => w.key === "failedDeliveries")?.count ?? 0;
  // Each branch's roster for its own today.
  const rosters = overview.branches.filter((b) => can(user, "shift.checkIn", b.code)).map((b) => ({ code: b.code, date: todayIn(b.timezone) }));
  return { user, openFailures, work: work.filter((w) => w.key !== "failedDeliveries"), rosters, ...overview };
}

export default function StaffDashboard() {
  const { user, openFailures, work, rosters, branches, rooms, roles } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const branchName = new Map(branches.map((b) => [b.code, localized(b, "name")]));
  const scope =
    user.role === "administrator" ? t("dashboard.allBranches") : user.branchCodes.map((c) => branchName.get(c) ?? c).join("、");
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <p>{t("dashboard.welcome", { name: user.name, role: t(`roles.${user.role}`) })}</p>
      <p className="muted">{t("dashboard.scope", { branches: scope })}</p>
      {work.length > 0 ? (
        <section aria-labelledby="work-title">
          <h2 id="work-title">{t("workbench.title")}</h2>
          <p className="muted">{t("workbench.lead")}</p>
          <ul className="work-list">
            {work.map((w) => (
              <li key={w.key} className={w.count > 0 ? "work-item work-item--todo" : "work-item"}>
                <Link to={w.href}>
                  <span className="work-count">{w.count}</span> <span>{t(`workbench.items.${w.key}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="rosters-title">
        <h2 id="rosters-title">{t("workbench.rosters")}</h2>
        <ul className="roster-links">
          {rosters.map((r) => (
            <li key={r.code}>
              <Link to={`/staff/roster?branch=${r.code}&date=${r.date}`}>{t("workbench.rosterOf", { branch: branchName.get(r.code) ?? r.code })}</Link>
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link to="/staff/security">{t("security.link")}</Link>
      </p>
      {openFailures > 0 ? (
        <div className="form-error" role="alert">
          <p>{t("deliveries.openFailures", { count: openFailures })}</p>
          <p>
            <Link to="/staff/deliveries?status=failed">{t("deliveries.openFailuresLink")}</Link>
          </p>
        </div>
      ) : null}

      <h2 id="branches">{t("dashboard.branches")}</h2>
      <div className="table-wrap">
        <table className="data" aria-labelledby="branches">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.code")}</th>
              <th scope="col">{t("dashboard.name")}</th>
              <th scope="col">{t("dashboard.kind")}</th>
              <th scope="col">{t("dashboard.circulation")}</th>
              <th scope="col">{t("dashboard.timezone")}</th>
              <th scope="col">{t("dashboard.rooms")}</th>
            </tr>
          </thead>
          <tbody>
            {branches.map((b) => (
              <tr key={b.code}>
                <td>{b.code}</td>
                <th scope="row">{localized(b, "name")}</th>
                <td>{t(`branchKind.${b.kind}`)}</td>
                <td>{b.shares_circulation ? t("dashboard.yes") : t("dashboard.no")}</td>
                <td>{b.timezone}</td>
                <td>{t("dashboard.roomCount", { count: rooms.filter((r) => r.branch_code === b.code).length })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="rooms">{t("dashboard.rooms")}</h2>
      <div className="table-wrap">
        <table className="data" aria-labelledby="rooms">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.branch")}</th>
              <th scope="col">{t("dashboard.name")}</th>
              <th scope="col">{t("dashboard.floor")}</th>
              <th scope="col">{t("dashboard.capacity")}</th>
              <th scope="col">{t("dashboard.accessibility")}</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((r) => (
              <tr key={r.id}>
                <td>{branchName.get(r.branch_code)}</td>
                <th scope="row">{localized(r, "name")}</th>
                <td>{r.floor}</td>
                <td>{r.capacity}</td>
                <td>{localized(r, "accessibility")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="roles">{t("dashboard.roles")}</h2>
      <div className="table-wrap">
        <table className="data" aria-labelledby="roles">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.role")}</th>
              <th scope="col">{t("dashboard.description")}</th>
              <th scope="col">{t("dashboard.minAge")}</th>
              <th scope="col">{t("dashboard.training")}</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.id}>
                <th scope="row">{localized(r, "name")}</th>
                <td>{localized(r, "description")}</td>
                <td>{r.min_age}</td>
                <td>{r.trainings.length ? r.trainings.map((tr) => localized(tr, "name")).join("、") : t("dashboard.noTraining")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <SignOutEverywhere />
    </>
  );
}
