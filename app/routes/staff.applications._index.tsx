import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FilterError, invalidProps } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { calendarDate, code, filterStatus, intId, oneOf, parseFilters, safeText } from "#app/lib/input.ts";
import { can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { pipeline } from "#app/modules/recruitment/queries.server.ts";
import { countVolunteers } from "#app/modules/volunteers/directory.server.ts";
import { AGE_GROUPS, PIPELINE } from "#app/modules/recruitment/stages.ts";
import { formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "applications");

const filterFields = {
  status: oneOf(["applied", "interview", "training", "appointed", "declined", "withdrawn"]),
  branch: code(),
  role: intId,
  age: oneOf(AGE_GROUPS),
  from: calendarDate,
  to: calendarDate,
  q: safeText(100),
  interview: z.literal("unscheduled"),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "application.review");
  const { filters: f, errors } = parseFilters(request.url, filterFields);
  const { db, config } = await getServices();
  const [branches, roles, result, appointedVolunteers] = await Promise.all([
    listBranches(db),
    listRoles(db),
    pipeline(db, user, { status: f.status, branch: f.branch, roleId: f.role, ageGroup: f.age, from: f.from, to: f.to, q: f.q, zone: config.defaultTimeZone, unscheduled: f.interview === "unscheduled" }),
    // Appointed people are volunteers, most of them appointed before this pipeline existed: the
    // column counts the directory's appointed volunteers (branch, role and search apply) and leads there.
    countVolunteers(db, user, { status: "appointed", branch: f.branch, roleId: f.role, q: f.q }),
  ]);
  return data({
    filter: { ...f, role: f.role ?? "" },
    errors,
    branches: branches.filter((b) => can(user, "application.review", b.code)).map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
    names: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en, timezone: b.timezone })),
    zone: config.defaultTimeZone,
    ...result,
    appointedVolunteers,
  }, filterStatus(errors));
}

export default function Pipeline() {
  const { filter, errors, branches, roles, names, counts, applications, zone, appointedVolunteers } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const withStatus = (status?: string) => {
    const p = new URLSearchParams(Object.entries({ ...filter, interview: undefined, status: status ?? "" }).filter(([, v]) => v !== "" && v !== undefined).map(([k, v]) => [k, String(v)]));
    return `/staff/applications?${p}`;
  };
  const branchName = new Map(names.map((b) => [b.code, localized(b, "name")]));
  // An application's time is shown where its first chosen branch is.
  const zoneOf = new Map(names.map((b) => [b.code, b.timezone]));
  const directoryLink = `/staff/volunteers?${new URLSearchParams(Object.entries({ status: "appointed", branch: filter.branch ?? "", role: String(filter.role), q: filter.q ?? "" }).filter(([, v]) => v !== ""))}`;
  return (
    <>
      <h1>{t("pipeline.title")}</h1>
      <nav aria-label={t("pipeline.columns")}>
        <ul className="filter-tabs">
          <li>
            <Link to={withStatus()} aria-current={!filter.status ? "page" : undefined}>
              {t("pipeline.all")} ({Object.values(counts).reduce((a, b) => a + b, 0)})
            </Link>
          </li>
          {PIPELINE.map((s) =>
            s === "appointed" ? (
              <li key={s}>
                <Link to={directoryLink}>
                  {t(`pipeline.status.${s}`)} ({appointedVolunteers})
                </Link>
              </li>
            ) : (
              <li key={s}>
                <Link to={withStatus(s)} aria-current={filter.status === s ? "page" : undefined}>
                  {t(`pipeline.status.${s}`)} ({counts[s]})
                </Link>
              </li>
            ),
          )}
        </ul>
      </nav>
      {filter.interview ? (
        <p className="notice" role="status">
          {t("pipeline.onlyUnscheduled")} <Link to={withStatus("interview")}>{t("pipeline.showAllInterview")}</Link>
        </p>
      ) : null}
      {errors.interview ? <FilterError id="p-interview" error={errors.interview} /> : null}
      <Form method="get" className="filters" aria-label={t("pipeline.filters")}>
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        {filter.interview ? <input type="hidden" name="interview" value={filter.interview} /> : null}
        <div className="form-field">
          <label htmlFor="p-q">{t("pipeline.search")}</label>
          <input id="p-q" type="search" name="q" maxLength={100} defaultValue={filter.q ?? ""} {...invalidProps("p-q", errors.q)} />
          <FilterError id="p-q" error={errors.q} />
        </div>
        <div className="form-field">
          <label htmlFor="p-branch">{t("shifts.branch")}</label>
          <select id="p-branch" name="branch" defaultValue={filter.branch ?? ""} {...invalidProps("p-branch", errors.branch)}>
            <option value="">{t("plan.myBranches")}</option>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="p-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="p-role">{t("shifts.role")}</label>
          <select id="p-role" name="role" defaultValue={filter.role} {...invalidProps("p-role", errors.role)}>
            <option value="">{t("shifts.allRoles")}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {localized(r, "name")}
              </option>
            ))}
          </select>
          <FilterError id="p-role" error={errors.role} />
        </div>
        <div className="form-field">
          <label htmlFor="p-age">{t("pipeline.ageGroup")}</label>
          <select id="p-age" name="age" defaultValue={filter.age ?? ""} {...invalidProps("p-age", errors.age)}>
            <option value="">{t("pipeline.allAges")}</option>
            {AGE_GROUPS.map((a) => (
              <option key={a} value={a}>
                {t(`pipeline.age.${a}`)}
              </option>
            ))}
          </select>
          <FilterError id="p-age" error={errors.age} />
        </div>
        <div className="form-field">
          <label htmlFor="p-from">{t("pipeline.from")}</label>
          <input id="p-from" type="date" name="from" defaultValue={filter.from ?? ""} {...invalidProps("p-from", errors.from)} />
          <FilterError id="p-from" error={errors.from} />
        </div>
        <div className="form-field">
          <label htmlFor="p-to">{t("pipeline.to")}</label>
          <input id="p-to" type="date" name="to" defaultValue={filter.to ?? ""} {...invalidProps("p-to", errors.to)} />
          <FilterError id="p-to" error={errors.to} />
        </div>
        <button type="submit" className="button">
          {t("shifts.apply")}
        </button>
      </Form>
      {applications.length === 0 ? (
        <p>{t("pipeline.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{t("pipeline.count", { count: applications.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("pipeline.applicant")}</th>
                <th scope="col">{t("pipeline.contact")}</th>
                <th scope="col">{t("pipeline.branches")}</th>
                <th scope="col">{t("pipeline.applied")}</th>
                <th scope="col">{t("shifts.status")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/staff/applications/${a.id}`}>{a.name}</Link>
                  </th>
                  <td>
                    {a.phone}
                    <div className="muted">{a.email}</div>
                  </td>
                  <td>{a.preferred_branches.map((b) => branchName.get(b) ?? b).join("、")}</td>
                  <td>{formatInstant(a.created_at, zoneOf.get(a.preferred_branches[0]) ?? zone, i18n.language)}</td>
                  <td>
                    <span className={`pipeline-status pipeline-status--${a.status}`}>{t(`pipeline.status.${a.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
