// Figures kept in the library's other systems (cards issued, visits, loans, donated books): entered
// per branch and month here, or imported from CSV, so the reports are whole.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { SelectField } from "#app/components/select-field.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { figuresSchema, importFigures, listFigures, saveFigures } from "#app/modules/reports/figures.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { sharedZone } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { formValues } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "figures");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "report.figures");
  const { db, config } = await getServices();
  const branches = await branchesWhere(db, user, "report.figures");
  const today = todayIn(sharedZone(branches, config.defaultTimeZone));
  const [y, m] = today.split("-").map(Number);
  const months = Array.from({ length: 6 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 10);
  });
  const rows = await listFigures(db, branches.map((b) => b.code), months);
  return {
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    months,
    rows: rows.map((r) => ({ branch: r.branch_code, month: String(r.month).slice(0, 10), cards_issued: r.cards_issued, visits: r.visits, loans: r.loans, donated_books: r.donated_books })),
    defaultMonth: months[1].slice(0, 7),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "report.figures");
  const form = formValues(await request.formData());
  const deps = appDeps(await getServices());
  if (form.intent === "import") {
    const file = form.file;
    const csv = file instanceof File && file.size > 0 ? await file.text() : typeof form.csv === "string" ? form.csv : "";
    const result = await importFigures(deps, user, csv, context.requestId);
    if (!result.ok) return data({ intent: "import", ok: false as const, errors: result.errors, line: result.line ?? null }, { status: result.status ?? 400 });
    return { intent: "import", ok: true as const, saved: result.saved };
  }
  if (form.intent !== "save") return data({ intent: "save", ok: false as const, errors: { form: "validation.invalid" } as Record<string, string>, line: null }, { status: 400 });
  const parsed = figuresSchema.safeParse(form);
  if (!parsed.success) return data({ intent: "save", ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])), line: null }, { status: 400 });
  const result = await saveFigures(deps, user, parsed.data, context.requestId);
  if (!result.ok) return data({ intent: "save", ok: false as const, errors: result.errors, line: null }, { status: result.status ?? 400 });
  return { intent: "save", ok: true as const, saved: result.saved };
}

export default function Figures() {
  const { branches, months, rows, defaultMonth } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const saveErrors: Record<string, string> = result?.intent === "save" && !result.ok ? result.errors : {};
  const { message, described, input } = useFieldErrors("fig", saveErrors);
  const importError = result?.intent === "import" && !result.ok ? result : null;
  const fields = ["cards_issued", "visits", "loans", "donated_books"] as const;
  return (
    <>
      <p>
        <Link to="/staff/reports">{t("reports.backToReports")}</Link>
      </p>
      <h1>{t("reports.figures.title")}</h1>
      <p className="lead">{t("reports.figures.lead")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("reports.figures.saved", { count: result.saved })}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="fig-form">
        <h2 id="fig-form">{t("reports.figures.enter")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="save" />
          <div className="form-grid">
            <SelectField id="fig-branch" name="branch" label={t("reports.branch")} required {...described("branch")} options={branches.map((b) => ({ value: b.code, label: localized(b, "name") }))}>
              {message("branch")}
            </SelectField>
            {input("month", t("reports.month"), { type: "month", required: true, defaultValue: defaultMonth })}
            {fields.map((f) => (
              <Fragment key={f}>{input(f, t(`reports.col.${f === "cards_issued" ? "cardsIssued" : f === "donated_books" ? "donatedBooks" : f}`), { type: "number", min: 0, required: true, defaultValue: "0" })}</Fragment>
            ))}
          </div>
          <button type="submit" className="button">
            {t("reports.figures.save")}
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="fig-import">
        <h2 id="fig-import">{t("reports.figures.import")}</h2>
        <p className="muted">{t("reports.figures.importLead")}</p>
        <pre className="muted">branch,month,cards_issued,visits,loans,donated_books{"\n"}GL,2026-10,320,21500,18400,260</pre>
        {importError ? (
          <p className="form-error" role="alert" id="fig-csv-error">
            {importError.line ? `${t("reports.figures.line", { line: importError.line })} ` : ""}
            {text(importError.errors.csv ?? "")} {importError.errors.field ? `${importError.errors.field}: ${text(importError.errors.message ?? "")}` : ""}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="import" />
          <div className="form-field">
            <label htmlFor="fig-file">{t("reports.figures.file")}</label>
            <input id="fig-file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          <div className="form-field">
            <label htmlFor="fig-csv">{t("reports.figures.paste")}</label>
            <textarea id="fig-csv" name="csv" rows={5} {...(importError ? { "aria-invalid": true, "aria-describedby": "fig-csv-error" } : {})} />
          </div>
          <button type="submit" className="button">
            {t("reports.figures.importButton")}
          </button>
        </Form>
      </section>
      <h2>{t("reports.figures.entered")}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("reports.month")}</th>
              <th scope="col">{t("reports.branch")}</th>
              {fields.map((f) => (
                <th scope="col" key={f}>
                  {t(`reports.col.${f === "cards_issued" ? "cardsIssued" : f === "donated_books" ? "donatedBooks" : f}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.flatMap((month) =>
              branches.map((b) => {
                const r = rows.find((x) => x.branch === b.code && x.month === month);
                return (
                  <tr key={`${month}-${b.code}`}>
                    <th scope="row">{month.slice(0, 7)}</th>
                    <td>{localized(b, "name")}</td>
                    {fields.map((f) => (
                      <td key={f}>{r ? r[f] : "—"}</td>
                    ))}
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
