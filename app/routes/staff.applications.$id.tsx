import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { requireStaff } from "#app/modules/auth/guards.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { addApplicationNote, mayHandle, moveApplication, TRANSITIONS } from "#app/modules/recruitment/applications.server.ts";
import { applicationDetail } from "#app/modules/recruitment/queries.server.ts";
import { shiftDeps } from "#app/modules/shifts/deps.server.ts";
import { formatInstant } from "#app/modules/time.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = () => [{ title: "报名详情 · 书香" }];

const STATUS = z.enum(["applied", "interview", "training", "appointed", "declined", "withdrawn"]);
const moveSchema = z.object({ intent: z.literal("move"), from: STATUS, to: STATUS, note: z.string().trim().max(500, "validation.tooLong:500").refine((v) => !/[<>]/.test(v), "validation.markup").default("") });
const noteSchema = z.object({ intent: z.literal("note"), body: z.string().trim().min(1, "validation.required").max(2000, "validation.tooLong:2000").refine((v) => !/[<>]/.test(v), "validation.markup") });
const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

async function load(request: Request, id: string | undefined) {
  const user = await requireStaff(request, ["administrator", "coordinator"]);
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const { db } = await getServices();
  const detail = await applicationDetail(db, parsed.data);
  if (!detail) throw new Response("Not Found", { status: 404 });
  if (!mayHandle(user, detail.application.preferred_branches)) throw new Response("Forbidden", { status: 403 });
  return { user, detail, id: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = await load(request, params.id);
  const { db } = await getServices();
  const [branches, roles] = await Promise.all([listBranches(db), listRoles(db)]);
  return {
    ...detail,
    next: TRANSITIONS[detail.application.status],
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, id } = await load(request, params.id);
  const form = Object.fromEntries(await request.formData());
  const services = await getServices();
  if (form.intent === "note") {
    const parsed = noteSchema.safeParse(form);
    if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0].message }, { status: 400 });
    await addApplicationNote(services.db, user, id, parsed.data.body);
    return data({ ok: true, message: "pipeline.noteAdded" });
  }
  const parsed = moveSchema.safeParse(form);
  if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0].message }, { status: 400 });
  const result = await moveApplication(shiftDeps(services), user, id, parsed.data.from, parsed.data.to, parsed.data.note, context.requestId);
  if (!result.ok) return data({ ok: false, message: `pipeline.refusal.${result.reason}` }, { status: result.reason === "forbidden" ? 403 : 400 });
  return data({ ok: true, message: parsed.data.to === "appointed" ? "pipeline.appointedDone" : "pipeline.moved" });
}

export default function ApplicationPage() {
  const { application: a, events, notes, next, branches, roles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const when = (d: Date | string) => formatInstant(d, "Asia/Shanghai", i18n.language);
  const branchNames = a.preferred_branches.map((c) => localized(branches.find((b) => b.code === c) ?? { name_zh: c, name_en: c }, "name")).join("、");
  const roleNames = a.preferred_roles.map((id) => localized(roles.find((r) => r.id === id) ?? { name_zh: String(id), name_en: String(id) }, "name")).join("、");
  return (
    <>
      <p>
        <Link to="/staff/applications">← {t("pipeline.title")}</Link>
      </p>
      <h1>{a.name}</h1>
      <p className="lead">
        <span className={`pipeline-status pipeline-status--${a.status}`}>{t(`pipeline.status.${a.status}`)}</span> · {t("pipeline.appliedOn", { when: when(a.created_at) })}
        {a.volunteer_number ? ` · ${t("pipeline.number", { number: a.volunteer_number })}` : ""}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {text(result.message)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("apply.phone")}</dt>
        <dd>{a.phone}</dd>
        <dt>{t("apply.email")}</dt>
        <dd>{a.email}</dd>
        <dt>{t("apply.birthDate")}</dt>
        <dd>{a.birth_date ?? "—"}</dd>
        <dt>{t("apply.cardNumber")}</dt>
        <dd>{a.card_number ? `${a.card_number} ✓` : "—"}</dd>
        <dt>{t("apply.branches")}</dt>
        <dd>{branchNames}</dd>
        <dt>{t("apply.roles")}</dt>
        <dd>{roleNames}</dd>
        <dt>{t("apply.availability")}</dt>
        <dd>{(a.availability ?? []).map((slot) => `${t(`weekday.${slot.slice(0, 3)}`)}${t(`apply.part.${slot.slice(4)}`)}`).join("、") || "—"}</dd>
        <dt>{t("apply.skills")}</dt>
        <dd>{a.skills || "—"}</dd>
        <dt>{t("apply.languages")}</dt>
        <dd>{a.languages_spoken || "—"}</dd>
        <dt>{t("apply.heardFrom")}</dt>
        <dd>{a.heard_from ? t(`apply.heard.${a.heard_from}`) : "—"}</dd>
        {a.guardian_name ? (
          <>
            <dt>{t("apply.guardian")}</dt>
            <dd>
              {a.guardian_name} {a.guardian_phone} · {t("pipeline.guardianConsented", { when: a.guardian_consent_at ? when(a.guardian_consent_at) : "—" })}
            </dd>
          </>
        ) : null}
      </dl>

      {next.length ? (
        <section className="panel" aria-labelledby="move-title">
          <h2 id="move-title">{t("pipeline.move")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="from" value={a.status} />
            <div className="form-field">
              <label htmlFor="move-note">{t("pipeline.moveNote")}</label>
              <input id="move-note" name="note" maxLength={500} />
            </div>
            <div className="button-row">
              {next.map((to) => (
                <button key={to} type="submit" name="to" value={to} className={to === "declined" || to === "withdrawn" ? "button button--quiet" : "button"}>
                  {t(`pipeline.moveTo.${to}`)}
                </button>
              ))}
            </div>
          </Form>
        </section>
      ) : null}

      <h2>{t("pipeline.history")}</h2>
      <ol className="history">
        {events.map((e) => (
          <li key={e.id}>
            {when(e.at)} · {e.from_status ? `${t(`pipeline.status.${e.from_status}`)} → ` : ""}
            {t(`pipeline.status.${e.to_status}`)} · {e.actor ?? t("pipeline.byApplicant")}
            {e.note ? ` · ${e.note}` : ""}
          </li>
        ))}
      </ol>

      <h2>{t("pipeline.notes")}</h2>
      <ul className="history">
        {notes.map((n) => (
          <li key={n.id}>
            {when(n.at)} · {n.author}: {n.body}
          </li>
        ))}
      </ul>
      <Form method="post" className="panel">
        <input type="hidden" name="intent" value="note" />
        <div className="form-field">
          <label htmlFor="note-body">{t("pipeline.addNote")}</label>
          <textarea id="note-body" name="body" rows={2} maxLength={2000} required />
        </div>
        <button type="submit" className="button button--quiet">
          {t("pipeline.saveNote")}
        </button>
      </Form>
    </>
  );
}
