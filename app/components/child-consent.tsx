// The guardian's separate consent for a child under 14 (PIPL Art 31), as the volunteer application
// and the event registration both ask for it: relationship and the separate consent under the
// children's notice. (Name and phone come with it; the application asks for them from under 18.)
import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GUARDIAN_RELATIONS } from "#app/modules/recruitment/schemas.ts";
import { FieldError } from "./field.tsx";

type Meta = FieldMetadata<any, any, any>;

export function GuardianRelationField({ meta }: { meta: Meta }) {
  const { t } = useTranslation();
  return (
    <div className="form-field">
      <label htmlFor={meta.id}>{t("apply.guardianRelation")}</label>
      <select {...getSelectProps(meta)} aria-describedby={meta.errors ? meta.errorId : undefined}>
        <option value="">—</option>
        {GUARDIAN_RELATIONS.map((r) => (
          <option key={r} value={r}>
            {t(`apply.relation.${r}`)}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function ChildConsentField({ meta }: { meta: Meta }) {
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/privacy/children" target="_blank" rel="noopener">
          {t("apply.childNoticeLink")}
        </Link>
      </p>
      <label className="choice">
        <input {...getInputProps(meta, { type: "checkbox" })} aria-describedby={meta.errors ? meta.errorId : undefined} />
        {t("apply.childConsent")}
      </label>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </>
  );
}
