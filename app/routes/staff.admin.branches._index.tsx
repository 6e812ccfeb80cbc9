// The branches a person may set up (administrators: all; coordinators: theirs).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "branches");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "branch.manage");
  const { db } = await getServices();
  const branches = await branchesWhere(db, user, "branch.manage");
  return { isAdmin: can(user, "admin.staff"), branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en, timezone: b.timezone })) };
}

export default function BranchList() {
  const { isAdmin, branches } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      {isAdmin ? (
        <ul className="inline-list">
          <li>
            <Link to="/staff/admin/staff">{t("admin.staff.title")}</Link>
          </li>
          <li>
            <Link to="/staff/admin/audit">{t("admin.audit.title")}</Link>
          </li>
          <li>
            <Link to="/staff/admin/catalogue">{t("admin.catalogue.title")}</Link>
          </li>
          <li>
            <Link to="/staff/admin/retention">{t("admin.retention.title")}</Link>
          </li>
          <li>
            <Link to="/staff/reports/figures">{t("reports.figures.title")}</Link>
          </li>
        </ul>
      ) : null}
      <h2>{t("admin.branch.list")}</h2>
      <ul>
        {branches.map((b) => (
          <li key={b.code}>
            <Link to={`/staff/admin/branches/${b.code}`}>{localized(b, "name")}</Link> <span className="muted">· {b.timezone}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
