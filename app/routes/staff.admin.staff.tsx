// Staff accounts (administrators): invite by email (the person sets a password through a
// one-time link), change role and branches, send a password link, deactivate (sessions end at once).
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useErrorText } from "#app/components/field.tsx";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { SelectField } from "#app/components/select-field.tsx";
import { STAFF_ROLES, staffSchema, staffUpdateSchema } from "#app/modules/admin/schemas.ts";
import { inviteStaff, listStaff, sendPasswordReset, setStaffActive, updateStaff } from "#app/modules/admin/staff-accounts.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { intId } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, resultFor, typed } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffAccounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "admin.staff");
  const { db } = await getServices();
  const [staff, branches] = await Promise.all([listStaff(db), listBranches(db)]);
  return { me: user.id, staff, branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })) };
}

const staffIntent = intentSchema(["invite", "update", "deactivate", "activate", "reset"] as const);
/** The account a row's form acts on; its answer goes to that row (form `staff-<id>`). */
const accountOf = z.object({ id: intId }).passthrough();
const DONE = { deactivate: "admin.staff.deactivated", activate: "admin.staff.activated", reset: "admin.staff.linkSent" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin.staff");
  const formData = await request.formData();
  const chosen = await parseForm(formData, staffIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "events.errors.unknownAction" } });
  const { intent } = chosen.value;
  const deps = appDeps(await getServices());
  if (intent === "invite") {
    const submission = await parseForm(formData, staffSchema);
    if (submission.status !== "success") return refuse(submission, { form: "invite" });
    const result = await inviteStaff(deps, user, submission.value, context.requestId);
    return result.ok ? done({ form: "invite", message: "admin.staff.invited" }) : refuse(submission, { form: "invite", errors: result.errors, status: result.status ?? 400 });
  }
  const account = await parseForm(formData, accountOf);
  if (account.status !== "success") return refuse(account, { errors: { form: "admin.errors.notFound" }, status: 404 });
  const { id } = account.value;
  const form = `staff-${id}`;
  if (intent === "update") {
    const submission = await parseForm(formData, staffUpdateSchema);
    if (submission.status !== "success") return refuse(submission, { form });
    const result = await updateStaff(deps, user, id, submission.value, context.requestId);
    return result.ok ? done({ form, message: "admin.staff.saved" }) : refuse(submission, { form, errors: result.errors, status: result.status ?? 400 });
  }
  const result = intent === "reset" ? await sendPasswordReset(deps, user, id, context.requestId) : await setStaffActive(deps, user, id, intent === "activate", context.requestId);
  return result.ok ? done({ form, message: DONE[intent] }) : refuse(account, { form, errors: result.errors, status: result.status ?? 400 });
}

export default function StaffAccounts() {
  const { me, staff, branches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const invite = resultFor(result, "invite");
  const inviteErrors = errorMessages(invite);
  const { message, described } = useFieldErrors("inv", inviteErrors);
  const invitedBranches = invite?.status === "error" ? [invite.initialValue?.branches ?? []].flat() : undefined;
  // A row's form answered (its account's id in the form's name): its messages go beside its fields.
  const rowId = result?.form?.startsWith("staff-") ? Number(result.form.slice("staff-".length)) : null;
  const row = useFieldErrors(`row-${rowId}`, errorMessages(rowId === null ? undefined : result));
  const rowTyped = (name: string) => (rowId === null ? undefined : typed(result, name));
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
      {invite?.status === "success" ? (
        <p className="notice" role="status">
          {t(invite.message ?? "")}
        </p>
      ) : null}
      {result && !result.form ? (
        <p className="form-error" role="alert">
          {text(errorMessages(result).form ?? "plan.fixErrors")}
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
              const mine = rowId === s.id ? result : undefined;
              const refusedEdit = mine?.status === "error" && mine.initialValue?.intent === "update";
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
                      <p className={mine.status === "success" ? "notice" : "form-error"} role={mine.status === "success" ? "status" : "alert"}>
                        {mine.status === "success" ? t(mine.message ?? "") : text(errorMessages(mine).form ?? "plan.fixErrors")}
                      </p>
                    ) : null}
                    <details open={refusedEdit || undefined}>
                      <summary>{t("admin.staff.edit", { name: s.name })}</summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="id" value={s.id} />
                        <div className="form-field">
                          <label htmlFor={`n-${s.id}`}>{t("admin.staff.name")}</label>
                          <input id={`n-${s.id}`} name="name" required maxLength={50} defaultValue={(refusedEdit ? rowTyped("name") : undefined) ?? s.name} {...(refusedEdit ? row.described("name") : {})} />
                          {refusedEdit ? row.message("name") : null}
                        </div>
                        <SelectField id={`r-${s.id}`} name="role" label={t("admin.staff.role")} defaultValue={(refusedEdit ? rowTyped("role") : undefined) ?? s.role} error={refusedEdit ? errorMessages(mine).role : undefined} options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
                        <SelectField id={`l-${s.id}`} name="language" label={t("app.language")} defaultValue={(refusedEdit ? rowTyped("language") : undefined) ?? s.language} error={refusedEdit ? errorMessages(mine).language : undefined} options={[{ value: "zh-CN", label: "中文" }, { value: "en", label: "English" }]} />
                        <fieldset className="group" {...(refusedEdit ? row.described("branches") : {})}>
                          <legend>{t("admin.staff.branches")}</legend>
                          {branches.map((b) => (
                            <label key={b.code} className="choice">
                              <input type="checkbox" name="branches" value={b.code} defaultChecked={(refusedEdit ? [mine.initialValue?.branches ?? []].flat() : s.branches).includes(b.code)} /> {localized(b, "name")}
                            </label>
                          ))}
                          {refusedEdit ? row.message("branches") : null}
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
        {inviteErrors.form ? (
          <p className="form-error" role="alert">
            {text(inviteErrors.form)}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="invite" />
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor="inv-name">{t("admin.staff.name")}</label>
              <input id="inv-name" name="name" required maxLength={50} defaultValue={typed(invite, "name")} {...described("name")} />
              {message("name")}
            </div>
            <div className="form-field">
              <label htmlFor="inv-email">{t("admin.staff.email")}</label>
              <input id="inv-email" name="email" type="email" required maxLength={254} defaultValue={typed(invite, "email")} {...described("email")} />
              {message("email")}
            </div>
            <SelectField id="inv-role" name="role" label={t("admin.staff.role")} defaultValue={typed(invite, "role") ?? "coordinator"} error={inviteErrors.role} options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            <SelectField id="inv-language" name="language" label={t("app.language")} defaultValue={typed(invite, "language") ?? "zh-CN"} error={inviteErrors.language} options={[{ value: "zh-CN", label: "中文" }, { value: "en", label: "English" }]} />
          </div>
          <fieldset className="group" {...described("branches")}>
            <legend>{t("admin.staff.branches")}</legend>
            {branches.map((b) => (
              <label key={b.code} className="choice">
                <input type="checkbox" name="branches" value={b.code} defaultChecked={invitedBranches?.includes(b.code)} /> {localized(b, "name")}
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
