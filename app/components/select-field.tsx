import type { SelectHTMLAttributes } from "react";

/** A labelled select in a form field: one markup for the filters and forms that pick from a list. */
export function SelectField({
  id,
  label,
  options,
  empty,
  children,
  ...rest
}: {
  id: string;
  label: string;
  options: Array<{ value: string | number; label: string }>;
  /** A first option with no value ("any", "all branches"). */
  empty?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...rest}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
