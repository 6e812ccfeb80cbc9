// The branches, roles and weekly availability a person chooses — on the application form and on
// the volunteer's own profile (one markup for both).
import { useTranslation } from "react-i18next";
import { FieldError, RequiredMark } from "./field.tsx";
import { useLocalized } from "./localized.ts";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const PARTS = ["am", "pm", "ev"] as const;

interface FieldMeta {
  name: string;
  errorId: string;
  errors?: string[];
  /** From the form's schema (conform's constraint): the legend then carries the "*". */
  required?: boolean;
}

export function PreferenceFields({
  fields,
  branches,
  roles,
  checked,
}: {
  fields: { branches: FieldMeta; roles: FieldMeta; availability: FieldMeta };
  branches: Array<{ code: string; name_zh: string; name_en: string }>;
  roles: Array<{ id: number; name_zh: string; name_en: string }>;
  checked: (field: "branches" | "roles" | "availability", value: string) => boolean;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <>
      <fieldset className="form-field">
        <legend>
          {t("apply.branches")}
          <RequiredMark when={Boolean(fields.branches.required)} />
        </legend>
        {branches.map((b) => (
          <label key={b.code} className="choice">
            <input type="checkbox" name={fields.branches.name} value={b.code} defaultChecked={checked("branches", b.code)} />
            {localized(b, "name")}
          </label>
        ))}
        <FieldError id={fields.branches.errorId} errors={fields.branches.errors} />
      </fieldset>
      <fieldset className="form-field">
        <legend>
          {t("apply.roles")}
          <RequiredMark when={Boolean(fields.roles.required)} />
        </legend>
        {roles.map((r) => (
          <label key={r.id} className="choice">
            <input type="checkbox" name={fields.roles.name} value={String(r.id)} defaultChecked={checked("roles", String(r.id))} />
            {localized(r, "name")}
          </label>
        ))}
        <FieldError id={fields.roles.errorId} errors={fields.roles.errors} />
      </fieldset>
      <fieldset className="form-field">
        <legend>
          {t("apply.availability")}
          <RequiredMark when={Boolean(fields.availability.required)} />
        </legend>
        <table className="availability">
          <thead>
            <tr>
              <td />
              {PARTS.map((p) => (
                <th scope="col" key={p}>
                  {t(`apply.part.${p}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DAYS.map((d) => (
              <tr key={d}>
                <th scope="row">{t(`weekday.${d}`)}</th>
                {PARTS.map((p) => (
                  <td key={p}>
                    <input type="checkbox" name={fields.availability.name} value={`${d}-${p}`} aria-label={`${t(`weekday.${d}`)} ${t(`apply.part.${p}`)}`} defaultChecked={checked("availability", `${d}-${p}`)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <FieldError id={fields.availability.errorId} errors={fields.availability.errors} />
      </fieldset>
    </>
  );
}
