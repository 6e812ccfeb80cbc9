// The volunteer directory: search and filters over the volunteers of the coordinator's branches
// (administrators: all), each name leading to the volunteer's page; the same list as CSV.
import { pageTitle } from "#app/components/page-title.ts";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterError, invalidProps } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { filterStatus } from "#app/lib/input.ts";
import { formatHours } from "#app/lib/time.ts";
import { can } from "#app/modules/auth/policy.ts";
import { listBranches, listRoles, listTrainings } from "#app/modules/branches/branches.server.ts";
import { searchVolunteers } from "#app/modules/volunteers/directory.server.ts";
import { DIRECTORY_STATUSES, LAST_SERVED } from "#app/modules/volunteers/schemas.ts";
import { STATUS_LABEL } from "#app/modules/volunteers/status.ts";
import { readDirectoryFilters } from "#app/web/directory.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "volunteerDirectory");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "volunteer.view");
  const { f, filter, errors } = readDirectoryFilters(request, user);
  const { db } = await getServices();
  const [branches, roles, trainings, result] = await Promise.all([listBranches(db), listRoles(db), listTrainings(db), searchVolunteers(db, user, filter)]);
  return data(
    {
      filter: { q: f.q ?? "", branch: f.branch ?? "", role: f.role ?? "", training: f.training ?? "", status: f.status ?? "", served: f.served ?? "" },
      errors,
      branches: branches.filter((b) => can(user, "volunteer.view", b.code)).map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
      names: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
      roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
      trainings: trainings.map((t) => ({ id: t.id, name_zh: t.name_zh, name_en: t.name_en })),
      ...result,
    },
    filterStatus(errors),
  );
}

export default function Directory() {
  const { filter, errors, branches, names, roles, trainings, total, volunteers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const { search } = useLocation();
  const branchName = new Map(names.map((b) => [b.code, localized(b, "name")]));
  return (
    <>
      <h1>{t("directory.title")}</h1>
      <p className="lead">{t("directory.lead")}</p>
      <Form method="get" className="filters" aria-label={t("directory.filters")}>
        <div className="form-field">
          <label htmlFor="d-q">{t("directory.search")}</label>
          <input id="d-q" type="search" name="q" maxLength={100} defaultValue={filter.q} {...invalidProps("d-q", errors.q)} />
          <FilterError id="d-q" error={errors.q} />
        </div>
        <div className="form-field">
          <label htmlFor="d-branch">{t("shifts.branch")}</label>
          <select id="d-branch" name="branch" defaultValue={filter.branch} {...invalidProps("d-branch", errors.branch)}>
            <option value="">{t("plan.myBranches")}</option>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="d-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="d-role">{t("shifts.role")}</label>
          <select id="d-role" name="role" defaultValue={filter.role} {...invalidProps("d-role", errors.role)}>
            <option value="">{t("shifts.allRoles")}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {localized(r, "name")}
              </option>
            ))}
          </select>
          <FilterError id="d-role" error={errors.role} />
        </div>
        <div className="form-field">
          <label htmlFor="d-training">{t("directory.training")}</label>
          <select id="d-training" name="training" defaultValue={filter.training} {...invalidProps("d-training", errors.training)}>
            <option value="">{t("directory.any")}</option>
            {trainings.map((tr) => (
              <option key={tr.id} value={tr.id}>
                {localized(tr, "name")}
              </option>
            ))}
          </select>
          <FilterError id="d-training" error={errors.training} />
        </div>
        <div className="form-field">
          <label htmlFor="d-status">{t("volunteer.status")}</label>
          <select id="d-status" name="status" defaultValue={filter.status} {...invalidProps("d-status", errors.status)}>
            <option value="">{t("directory.any")}</option>
            {DIRECTORY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_LABEL[s])}
              </option>
            ))}
          </select>
          <FilterError id="d-status" error={errors.status} />
        </div>
        <div className="form-field">
          <label htmlFor="d-served">{t("directory.lastServed")}</label>
          <select id="d-served" name="served" defaultValue={filter.served} {...invalidProps("d-served", errors.served)}>
            <option value="">{t("directory.any")}</option>
            {LAST_SERVED.map((s) => (
              <option key={s} value={s}>
                {t(`directory.served.${s}`)}
              </option>
            ))}
          </select>
          <FilterError id="d-served" error={errors.served} />
        </div>
        <button type="submit" className="button">
          {t("shifts.apply")}
        </button>
      </Form>
      <p>
        <a href={`/staff/volunteers/csv${search}`} download>
          {t("directory.csv")}
        </a>
      </p>
      {volunteers.length === 0 ? (
        <p>{t("directory.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{total > volunteers.length ? t("directory.countLimited", { count: total, shown: volunteers.length }) : t("directory.count", { count: total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("directory.name")}</th>
                <th scope="col">{t("suspension.number")}</th>
                <th scope="col">{t("pipeline.contact")}</th>
                <th scope="col">{t("pipeline.branches")}</th>
                <th scope="col">{t("volunteer.status")}</th>
                <th scope="col">{t("directory.lastServed")}</th>
                <th scope="col">{t("directory.hours")}</th>
              </tr>
            </thead>
            <tbody>
              {volunteers.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <Link to={`/staff/volunteers/${v.id}`}>{v.name}</Link>
                  </th>
                  <td>{v.volunteer_number ?? "—"}</td>
                  <td>
                    {v.phone ?? "—"}
                    <div className="muted">{v.email}</div>
                  </td>
                  <td>{v.branches.map((b) => branchName.get(b) ?? b).join("、")}</td>
                  <td>{t(STATUS_LABEL[v.status])}</td>
                  <td>{v.last_served ?? t("directory.never")}</td>
                  <td>{formatHours(v.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
