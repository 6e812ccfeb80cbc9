// A registration's private page (the link in every email about it): its state and place on the
// waitlist, the party's size to change, cancel, add to calendar. The token is the only key; it
// stops working when the event ends.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { cancelRegistration, changeParty, registrationByToken } from "#app/modules/events/registrations.server.ts";
import { partySchema } from "#app/modules/events/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, typed } from "#app/lib/form.ts";
import { noindex, pageTitle } from "#app/components/page-title.ts";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { renderSVG } from "uqr";
import { showCheckInCode } from "#app/modules/events/check-in-code.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registration", [noindex]);

export async function loader({ params }: LoaderFunctionArgs) {
  const { db } = await getServices();
  const registration = await registrationByToken(db, params.token ?? "");
  if (!registration) throw new Response("Not Found", { status: 404 });
  const { token_nonce: _nonce, check_in_code: code, ...shown } = registration;
  // The desk scans the check-in code, never this page's token (the token can cancel).
  const checkIn = registration.status === "confirmed" ? { code: showCheckInCode(code), qr: `data:image/svg+xml;base64,${Buffer.from(renderSVG(showCheckInCode(code), { border: 2 })).toString("base64")}` } : null;
  return { registration: shown, token: params.token!, checkIn };
}

const registrationIntent = intentSchema(["cancel", "party"] as const);

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const chosen = await parseForm(formData, registrationIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "events.errors.unknownAction" } });
  const deps = appDeps(await getServices());
  const token = params.token ?? "";
  if (chosen.value.intent === "cancel") {
    const result = await cancelRegistration(deps, token);
    return result.ok ? done({ form: "cancel", message: "events.cancelledNotice" }) : refuse(chosen, { form: "cancel", errors: result.errors, status: result.status });
  }
  const submission = await parseForm(formData, partySchema);
  if (submission.status !== "success") return refuse(submission, { form: "party" });
  const result = await changeParty(deps, token, submission.value.adults, submission.value.children);
  return result.ok ? done({ form: "party", message: "events.partyChanged" }) : refuse(submission, { form: "party", errors: result.errors, status: result.status });
}

export default function MyRegistration() {
  const { registration: r, token, checkIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const errors = errorMessages(result);
  const { input: partyField } = useFieldErrors("party", errors);
  const active = r.status === "confirmed" || r.status === "waitlisted" || r.status === "requested";
  const confirming = useConfirming();
  if (active && confirming === "cancel") {
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.cancelRegistration")} confirmLabel={t("confirm.cancelRegistrationYes")} fields={{ intent: "cancel" }}>
        <p>{t("confirm.cancelRegistrationText", { title: localized(r, "title"), when: formatTimeSpan(r.starts_at, r.ends_at, r.timezone, i18n.language) })}</p>
      </ConfirmStep>
    );
  }
  return (
    <>
      <h1>{localized(r, "title")}</h1>
      {params.get("new") && active ? (
        <p className="notice" role="status">
          {t(`events.registered.${r.status}`, { position: r.waitlistPosition ?? 0 })}
        </p>
      ) : null}
      {result?.status === "success" ? (
        <p className="notice" role="status">
          {t(result.message ?? "")}
        </p>
      ) : null}
      {errors.form ? (
        <p className="form-error" role="alert">
          {text(errors.form)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("events.status")}</dt>
        <dd>
          <strong>{t(`events.statuses.${r.status}`)}</strong>
          {r.status === "waitlisted" ? ` · ${t("events.position", { position: r.waitlistPosition })}` : ""}
        </dd>
        <dt>{t("events.who")}</dt>
        <dd>{r.kind === "group" ? `${r.school} ${r.class_name} · ${r.name}` : r.name}</dd>
        <dt>{t("events.when")}</dt>
        <dd>{formatTimeSpan(r.starts_at, r.ends_at, r.timezone, i18n.language)}</dd>
        <dt>{t("events.where")}</dt>
        <dd>
          {localized({ name_zh: r.branch_zh, name_en: r.branch_en }, "name")}
          {r.room_zh ? ` · ${localized({ name_zh: r.room_zh, name_en: r.room_en ?? r.room_zh }, "name")}` : ""}
          {r.place ? ` · ${r.place}` : ""}
          <br />
          <span className="muted">{localized({ name_zh: r.address_zh, name_en: r.address_en }, "name")}</span>
        </dd>
        <dt>{t("events.places")}</dt>
        <dd>{r.kind === "group" ? t("events.headCountValue", { count: r.places }) : t("events.partyValue", { adults: r.adults, children: r.children })}</dd>
      </dl>
      {checkIn ? (
        <section className="panel check-in-pass" aria-labelledby="check-in-title">
          <h2 id="check-in-title">{t("events.checkInPass.title")}</h2>
          <p>{t("events.checkInPass.lead")}</p>
          <figure>
            <img src={checkIn.qr} alt={t("events.checkInPass.qrAlt", { code: checkIn.code })} width={220} height={220} />
            <figcaption>
              {t("events.checkInPass.code")} <strong className="check-in-pass__code">{checkIn.code}</strong>
            </figcaption>
          </figure>
        </section>
      ) : null}
      {r.status === "confirmed" ? (
        <p>
          <a className="button button--quiet" href={`/events/registration/${token}/ics`}>
            {t("events.addToCalendar")}
          </a>
        </p>
      ) : null}
      {r.kind === "person" && (r.status === "confirmed" || r.status === "waitlisted") ? (
        <section className="panel" aria-labelledby="party-title">
          <h2 id="party-title">{t("events.changeParty")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="party" />
            <div className="form-grid">
              {partyField("adults", t("events.adults"), { type: "number", min: 0, max: 10, required: true, defaultValue: typed(result, "adults") ?? r.adults })}
              {partyField("children", t("events.children"), { type: "number", min: 0, max: 10, required: true, defaultValue: typed(result, "children") ?? r.children })}
            </div>
            <p className="muted">{t("events.partyHint", { max: r.max_party })}</p>
            <button type="submit" className="button">
              {t("events.saveParty")}
            </button>
          </Form>
        </section>
      ) : null}
      {active ? (
        <section className="panel" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t("events.cancelRegistration")}</h2>
          <p>{t("events.cancelLead")}</p>
          <ConfirmLink intent="cancel" fields={{}} className="button button--danger">
            {t("events.cancelRegistration")}
          </ConfirmLink>
        </section>
      ) : null}
      <p>
        <Link to="/events">{t("events.back")}</Link> · <Link to={`/feedback?event=${token}`}>{t("feedback.linkFromRegistration")}</Link>
      </p>
    </>
  );
}
