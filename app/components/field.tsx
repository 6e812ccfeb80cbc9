import { useTranslation } from "react-i18next";

/** Translates a validation message key such as "validation.tooLong:254". */
export function useErrorText() {
  const { t } = useTranslation();
  return (message: string) => {
    const [key, max] = message.split(":");
    return t(key, { max, defaultValue: message });
  };
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {errors.map(text).join(" ")}
    </p>
  );
}

export function FormError({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-error" role="alert">
      {errors.map(text).join(" ")}
    </div>
  );
}
