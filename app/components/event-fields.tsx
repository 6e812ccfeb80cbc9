// The fields of an event, shared by the plan form and the edit form (one schema checks both on the
// server: createEventSchema / editEventSchema). Errors arrive as message keys per field.
import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { EVENT_AUDIENCES, EVENT_KINDS } from "#db/schema.ts";
import { RequiredMark, useErrorText } from "./field.tsx";
import { useLocalized } from "./localized.ts";
import { SelectField } from "./select-field.tsx";

export interface EventDefaults {
  titleZh?: string;
  titleEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  kind?: string;
  audience?: string;
  roomId?: number | null;
  place?: string;
  date?: string;
  start?: string;
  end?: string;
  capacity?: number;
  maxParty?: number;
  cardRequired?: boolean;
  guestsAllowed?: boolean;
  opensDaysBefore?: number | null;
  closesHoursBefore?: number;
  accessibilityZh?: string;
  accessibilityEn?: string;
  partner?: string;
}

export interface RoomOption {
  id: number;
  branch_code: string;
  name_zh: string;
  name_en: string;
  capacity: number;
}

/** Messages of a form's fields by name; `described` wires aria to the message; `input` renders a
 * labelled input with its message (ids are `<prefix>-<name>`). */
export function useFieldErrors(prefix: string, errors: Record<string, string>) {
  const text = useErrorText();
  const message = (name: string) =>
    errors[name] ? (
      <p id={`${prefix}-${name}-error`} className="field-error" role="alert">
        {text(errors[name])}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${prefix}-${name}-error` } : {});
  const input = (name: string, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="form-field">
      <label htmlFor={`${prefix}-${name}`}>{label}</label>
      <RequiredMark when={Boolean(props.required)} />
      <input id={`${prefix}-${name}`} name={name} {...props} {...described(name)} />
      {message(name)}
    </div>
  );
  return { message, described, input };
}

export function EventFields({ prefix, defaults, errors, rooms, clashText }: { prefix: string; defaults: EventDefaults; errors: Record<string, string>; rooms: RoomOption[]; clashText?: string }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { message, described } = useFieldErrors(prefix, errors);
  const id = (name: string) => `${prefix}-${name}`;
  const text = (name: keyof EventDefaults, label: string, max: number, required = false) => (
    <div className="form-field">
      <label htmlFor={id(name)}>{label}</label>
      <RequiredMark when={required} />
      <input id={id(name)} name={name} maxLength={max} required={required} defaultValue={String(defaults[name] ?? "")} {...described(name)} />
      {message(name)}
    </div>
  );
  const number = (name: keyof EventDefaults, label: string, min: number, max: number, required = true) => (
    <div className="form-field">
      <label htmlFor={id(name)}>{label}</label>
      <input id={id(name)} name={name} type="number" min={min} max={max} required={required} defaultValue={defaults[name] === null || defaults[name] === undefined ? "" : String(defaults[name])} {...described(name)} />
      {message(name)}
    </div>
  );
  const area = (name: keyof EventDefaults, label: string, max: number) => (
    <div className="form-field">
      <label htmlFor={id(name)}>{label}</label>
      <textarea id={id(name)} name={name} maxLength={max} rows={3} defaultValue={String(defaults[name] ?? "")} {...described(name)} />
      {message(name)}
    </div>
  );
  return (
    <>
      <div className="form-grid">
        {text("titleZh", t("events.plan.titleZh"), 100, true)}
        {text("titleEn", t("events.plan.titleEn"), 150, true)}
        <SelectField id={id("kind")} name="kind" label={t("events.kind")} required defaultValue={defaults.kind ?? "parent-child"} {...described("kind")} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))}>
          {message("kind")}
        </SelectField>
        <SelectField id={id("audience")} name="audience" label={t("events.audience")} required defaultValue={defaults.audience ?? "everyone"} {...described("audience")} options={EVENT_AUDIENCES.map((a) => ({ value: a, label: t(`events.audiences.${a}`) }))}>
          {message("audience")}
        </SelectField>
        <div className="form-field">
          <label htmlFor={id("date")}>{t("plan.date")}</label>
          <input id={id("date")} name="date" type="date" required defaultValue={defaults.date ?? ""} {...described("date")} />
          {message("date")}
        </div>
        <div className="form-field">
          <label htmlFor={id("start")}>{t("plan.start")}</label>
          <input id={id("start")} name="start" type="time" required defaultValue={defaults.start ?? "09:30"} {...described("start")} />
          {message("start")}
        </div>
        <div className="form-field">
          <label htmlFor={id("end")}>{t("plan.end")}</label>
          <input id={id("end")} name="end" type="time" required defaultValue={defaults.end ?? "11:00"} {...described("end")} />
          {message("end")}
        </div>
        <div className="form-field">
          <label htmlFor={id("roomId")}>{t("events.plan.room")}</label>
          <select id={id("roomId")} name="roomId" defaultValue={defaults.roomId ? String(defaults.roomId) : ""} {...described("roomId")}>
            <option value="">{t("events.plan.noRoom")}</option>
            {rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.branch_code} · {localized(r, "name")} ({r.capacity})
              </option>
            ))}
          </select>
          {errors.roomId ? (
            <p id={`${prefix}-roomId-error`} className="field-error" role="alert">
              {clashText ?? message("roomId")}
            </p>
          ) : null}
        </div>
        {text("place", t("events.plan.place"), 200)}
        {number("capacity", t("events.plan.capacity"), 1, 5000)}
        {number("maxParty", t("events.plan.maxParty"), 1, 10)}
        {number("opensDaysBefore", t("events.plan.opensDaysBefore"), 0, 90, false)}
        {number("closesHoursBefore", t("events.plan.closesHoursBefore"), 0, 168)}
        <div className="form-field form-field--check">
          <input id={id("cardRequired")} name="cardRequired" type="checkbox" defaultChecked={defaults.cardRequired ?? false} />
          <label htmlFor={id("cardRequired")}>{t("events.plan.cardRequired")}</label>
        </div>
        <div className="form-field form-field--check">
          <input id={id("guestsAllowed")} name="guestsAllowed" type="checkbox" defaultChecked={defaults.guestsAllowed ?? true} />
          <label htmlFor={id("guestsAllowed")}>{t("events.plan.guestsAllowed")}</label>
        </div>
        {text("partner", t("events.partner"), 200)}
      </div>
      {area("descriptionZh", t("events.plan.descriptionZh"), 2000)}
      {area("descriptionEn", t("events.plan.descriptionEn"), 3000)}
      <div className="form-grid">
        {text("accessibilityZh", t("events.plan.accessibilityZh"), 500)}
        {text("accessibilityEn", t("events.plan.accessibilityEn"), 500)}
      </div>
    </>
  );
}
