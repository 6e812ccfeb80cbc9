// The audit log (administrators): who did what, when, before → after; filter by person, branch,
// kind and dates; export as CSV. Entries cannot be edited or deleted from the app.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { FilterInput } from "#app/components/field.tsx";
import { SelectField } from "#app/components/select-field.tsx";
import { filterStatus, parseFilters } from "#app/lib/input.ts";
import { auditChanges, type AuditValue } from "#app/modules/admin/audit-diff.ts";
import { AUDIT_PAGE, auditChoices, listAudit } from "#app/modules/admin/audit-log.server.ts";
import { auditFilters } from "#app/modules/admin/schemas.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { formatDate, formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin.audit");
  const { filters: filter, errors } = parseFilters(request.url, auditFilters);
  const { db, config } = await getServices();
  const [entries, choices, branches] = await Promise.all([listAudit(db, filter), auditChoices(db), listBranches(db)]);
  // An entry about a branch is timed where that branch is; the rest in the default zone.
  const zoneOf = new Map(branches.map((b) => [b.code, b.timezone]));
  return data({
    filter,
    errors,
    query: new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString(),
    entries: entries.map(({ before, after, ...e }) => ({ ...e, zone: (e.branch_code && zoneOf.get(e.branch_code)) || config.defaultTimeZone, changes: auditChanges(before, after) })),
    people: choices.people,
    kinds: choices.kinds,
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en, timezone: b.timezone })),
    limit: AUDIT_PAGE,
  }, filterStatus(errors));
}

export default function AuditLog() {
  const { filter, errors, query, entries, people, kinds, branches, limit } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const branchOf = new Map(branches.map((b) => [b.code, b]));
  const value = (v: AuditValue, zone: string) =>
    v === null ? "—" : "instant" in v ? formatInstant(v.instant, zone, i18n.language) : "date" in v ? formatDate(v.date, i18n.language) : "yes" in v ? t(v.yes ? "admin.audit.yes" : "admin.audit.no") : v.text;
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <p className="lead">{t("admin.audit.lead")}</p>
      <Form method="get" className="filters" aria-label={t("admin.audit.filters")}>
        <SelectField id="a-person" name="person" error={errors.person} label={t("admin.audit.person")} defaultValue={filter.person ?? ""} empty={t("events.any")} options={people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))} />
        <SelectField id="a-branch" name="branch" error={errors.branch} label={t("reports.branch")} defaultValue={filter.branch ?? ""} empty={t("events.any")} options={branches.map((b) => ({ value: b.code, label: localized(b, "name") }))} />
        <SelectField id="a-kind" name="kind" error={errors.kind} label={t("admin.audit.kind")} defaultValue={filter.kind ?? ""} empty={t("events.any")} options={kinds.map((k) => ({ value: k, label: t(`admin.audit.kinds.${k}`, { defaultValue: k }) }))} />
        <FilterInput id="a-entity" name="entity" maxLength={60} label={t("admin.audit.entity")} defaultValue={filter.entity ?? ""} error={errors.entity} />
        <FilterInput id="a-from" name="from" type="date" label={t("reports.from")} defaultValue={filter.from ?? ""} error={errors.from} />
        <FilterInput id="a-to" name="to" type="date" label={t("reports.to")} defaultValue={filter.to ?? ""} error={errors.to} />
        <button type="submit" className="button">
          {t("events.filter")}
        </button>
      </Form>
      <p>
        <a href={`/staff/admin/audit/csv${query ? `?${query}` : ""}`} download>
          {t("admin.audit.csv")}
        </a>
      </p>
      {entries.length === 0 ? (
        <p>{t("admin.audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data audit">
            <caption>{t("admin.audit.caption", { count: entries.length, limit })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.when")}</th>
                <th scope="col">{t("admin.audit.person")}</th>
                <th scope="col">{t("admin.audit.action")}</th>
                <th scope="col">{t("admin.audit.what")}</th>
                <th scope="col">{t("admin.audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const branch = e.branch_code ? branchOf.get(e.branch_code) : undefined;
                const zone = e.zone;
                return (
                  <tr key={e.id}>
                    <td>{formatInstant(e.at, zone, i18n.language)}</td>
                    <th scope="row">{e.actor ?? "—"}</th>
                    <td>{t(`admin.audit.actions.${e.action}`, { defaultValue: e.action })}</td>
                    <td>
                      {t(`admin.audit.kinds.${e.entity_type}`, { defaultValue: e.entity_type })} #{e.entity_id}
                      {branch ? ` · ${localized(branch, "name")}` : ""}
                    </td>
                    <td>
                      {e.changes.length === 0 ? (
                        "—"
                      ) : (
                        <ul className="audit__changes">
                          {e.changes.map((c) => (
                            <li key={c.field}>
                              <span className="audit__field">{t(`admin.audit.fields.${c.field}`, { defaultValue: c.field })}</span>: {c.before === null ? "" : `${value(c.before, zone)} → `}
                              {value(c.after, zone)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
