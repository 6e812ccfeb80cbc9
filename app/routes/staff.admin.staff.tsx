// Staff accounts (administrators): invite by email (the person sets a password through a
// one-time link), change role and branches, send a password link, deactivate (sessions end at once).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useErrorText } from "#app/components/field.tsx";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { SelectField } from "#app/components/select-field.tsx";
import { STAFF_ROLES, staffSchema } from "#app/modules/admin/schemas.ts";
import { inviteStaff, listStaff, sendPasswordReset, setStaffActive, updateStaff } from "#app/modules/admin/staff-accounts.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { formValues, intId } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffAccounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "admin.staff");
  const { db } = await getServices();
  const [staff, branches] = await Promise.all([listStaff(db), listBranches(db)]);
  return { me: user.id, staff, branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })) };
}

const idSchema = intId;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin.staff");
  const formData = await request.formData();
  const form: Record<string, unknown> = formValues(formData);
  const deps = appDeps(await getServices());
  const intent = String(form.intent ?? "");
  const fail = (errors: Record<string, string>, status = 400, id: number | null = null) => data({ ok: false as const, intent, id, errors }, { status });
  const issues = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0]), i.message]));
  if (intent === "invite") {
    const parsed = staffSchema.safeParse(form);
    if (!parsed.success) return fail(issues(parsed.error));
    const result = await inviteStaff(deps, user, parsed.data, context.requestId);
    return result.ok ? { ok: true as const, intent, id: result.staffId, done: "admin.staff.invited" } : fail(result.errors, result.status ?? 400);
  }
  const id = idSchema.safeParse(form.id);
  if (!id.success) return fail({ form: "admin.errors.notFound" }, 404);
  if (intent === "update") {
    const parsed = staffSchema.safeParse({ ...form, email: "kept@example.com" });
    if (!parsed.success) return fail(issues(parsed.error), 400, id.data);
    const { email: _kept, ...input } = parsed.data;
    const result = await updateStaff(deps, user, id.data, input, context.requestId);
    return result.ok ? { ok: true as const, intent, id: id.data, done: "admin.staff.saved" } : fail(result.errors, result.status ?? 400, id.data);
  }
  if (intent === "deactivate" || intent === "activate") {
    const result = await setStaffActive(deps, user, id.data, intent === "activate", context.requestId);
    return result.ok ? { ok: true as const, intent, id: id.data, done: intent === "activate" ? "admin.staff.activated" : "admin.staff.deactivated" } : fail(result.errors, result.status ?? 400, id.data);
  }
  if (intent === "reset") {
    const result = await sendPasswordReset(deps, user, id.data, context.requestId);
    return result.ok ? { ok: true as const, intent, id: id.data, done: "admin.staff.linkSent" } : fail(result.errors, result.status ?? 400, id.data);
  }
  return fail({ form: "events.errors.unknownAction" });
}

export default function StaffAccounts() {
  const { me, staff, branches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const inviteErrors: Record<string, string> = result && !result.ok && result.intent === "invite" ? result.errors : {};
  const { message, described } = useFieldErrors("inv", inviteErrors);
  const branchName = (code: string) => localized(branches.find((b) => b.code === code) ?? { name_zh: code, name_en: code }, "name");
  // Deactivating asks first (also without JavaScript).
  const [params] = useSearchParams();
  const leaving = useConfirming() === "deactivate" ? staff.find((s) => s.active && s.id !== me && String(s.id) === params.get("id")) : undefined;
  if (leaving)
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.deactivateStaff", { name: leaving.name })} confirmLabel={t("confirm.deactivateStaffYes")} fields={{ intent: "deactivate", id: leaving.id }}>
        <p>
          {leaving.name} · {leaving.email} · {t(`roles.${leaving.role}`)}
        </p>
        <p>{t("confirm.deactivateStaffText")}</p>
      </ConfirmStep>
    );
  return (
    <>
      <h1>{t("admin.staff.title")}</h1>
      <p className="lead">{t("admin.staff.lead")}</p>
      {result?.ok && result.intent === "invite" ? (
        <p className="notice" role="status">
          {t(result.done)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data">
          <caption>{t("admin.staff.caption", { count: staff.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.staff.name")}</th>
              <th scope="col">{t("admin.staff.role")}</th>
              <th scope="col">{t("admin.staff.branches")}</th>
              <th scope="col">{t("admin.staff.state")}</th>
              <th scope="col">{t("admin.staff.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => {
              const mine = result && result.id === s.id && result.intent !== "invite" ? result : null;
              return (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name}
                    <div className="muted">{s.email}</div>
                  </th>
                  <td>{t(`roles.${s.role}`)}</td>
                  <td>{s.role === "administrator" ? t("dashboard.allBranches") : s.branches.map(branchName).join("、") || "—"}</td>
                  <td>{!s.active ? t("admin.staff.inactive") : s.has_password ? t("admin.staff.active") : t("admin.staff.invitedState")}</td>
                  <td>
                    {mine ? (
                      <p className={mine.ok ? "notice" : "form-error"} role={mine.ok ? "status" : "alert"}>
                        {mine.ok ? t(mine.done) : Object.values(mine.errors).map(text).join(" ")}
                      </p>
                    ) : null}
                    <details>
                      <summary>{t("admin.staff.edit", { name: s.name })}</summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="id" value={s.id} />
                        <div className="form-field">
                          <label htmlFor={`n-${s.id}`}>{t("admin.staff.name")}</label>
                          <input id={`n-${s.id}`} name="name" required maxLength={50} defaultValue={s.name} />
                        </div>
                        <SelectField id={`r-${s.id}`} name="role" label={t("admin.staff.role")} defaultValue={s.role} options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
                        <SelectField id={`l-${s.id}`} name="language" label={t("app.language")} defaultValue={s.language} options={[{ value: "zh-CN", label: "中文" }, { value: "en", label: "English" }]} />
                        <fieldset className="group">
                          <legend>{t("admin.staff.branches")}</legend>
                          {branches.map((b) => (
                            <label key={b.code} className="choice">
                              <input type="checkbox" name="branches" value={b.code} defaultChecked={s.branches.includes(b.code)} /> {localized(b, "name")}
                            </label>
                          ))}
                        </fieldset>
                        <button type="submit" className="button">
                          {t("admin.staff.save")}
                        </button>
                      </Form>
                    </details>
                    <div className="button-row">
                      {s.active ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="reset" />
                          <input type="hidden" name="id" value={s.id} />
                          <button type="submit" className="button button--quiet" aria-label={`${t("admin.staff.sendLink")}: ${s.name}`}>
                            {t("admin.staff.sendLink")}
                          </button>
                        </Form>
                      ) : null}
                      {s.active && s.id !== me ? (
                        <ConfirmLink intent="deactivate" fields={{ id: s.id }} className="button button--danger" label={`${t("admin.staff.deactivate")}: ${s.name}`}>
                          {t("admin.staff.deactivate")}
                        </ConfirmLink>
                      ) : !s.active ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="activate" />
                          <input type="hidden" name="id" value={s.id} />
                          <button type="submit" className="button button--quiet" aria-label={`${t("admin.staff.activate")}: ${s.name}`}>
                            {t("admin.staff.activate")}
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section className="panel" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("admin.staff.invite")}</h2>
        {result && !result.ok && result.intent === "invite" && inviteErrors.form ? (
          <p className="form-error" role="alert">
            {text(inviteErrors.form)}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="invite" />
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor="inv-name">{t("admin.staff.name")}</label>
              <input id="inv-name" name="name" required maxLength={50} {...described("name")} />
              {message("name")}
            </div>
            <div className="form-field">
              <label htmlFor="inv-email">{t("admin.staff.email")}</label>
              <input id="inv-email" name="email" type="email" required maxLength={254} {...described("email")} />
              {message("email")}
            </div>
            <SelectField id="inv-role" name="role" label={t("admin.staff.role")} defaultValue="coordinator" options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            <SelectField id="inv-language" name="language" label={t("app.language")} defaultValue="zh-CN" options={[{ value: "zh-CN", label: "中文" }, { value: "en", label: "English" }]} />
          </div>
          <fieldset className="group" {...described("branches")}>
            <legend>{t("admin.staff.branches")}</legend>
            {branches.map((b) => (
              <label key={b.code} className="choice">
                <input type="checkbox" name="branches" value={b.code} /> {localized(b, "name")}
              </label>
            ))}
            {message("branches")}
          </fieldset>
          <button type="submit" className="button">
            {t("admin.staff.sendInvite")}
          </button>
        </Form>
      </section>
    </>
  );
}
