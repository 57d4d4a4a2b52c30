import { useTranslation } from "react-i18next";
import { Field, Input } from "@/components/ui/field";
import { type FieldSpec, type FormErrors, KIND_FIELDS, type TargetForm } from "../target-form";

/** The settings of the form's service: addresses, topics, chats, and secrets that are never shown back. */
export function KindFields({
  form,
  errors,
  onValue,
  onRemove,
}: {
  form: TargetForm;
  errors: FormErrors;
  onValue: (key: FieldSpec["key"], value: string | boolean) => void;
  onRemove: (key: FieldSpec["key"], remove: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-4">
      {KIND_FIELDS[form.kind].map((field) => {
        const value = form.values[field.key];
        const label = t(`notifications.fields.${field.key}.label`);
        const hint = t(`notifications.fields.${field.key}.hint`);
        if (field.type === "checkbox") {
          return (
            <label key={field.key} className="flex items-start gap-2 text-sm text-fg">
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-brand-600"
                checked={value === true}
                onChange={(e) => onValue(field.key, e.target.checked)}
              />
              <span>
                {label}
                <span className="block text-xs text-fg-muted">{hint}</span>
              </span>
            </label>
          );
        }
        const stored = field.type === "secret" && form.stored[field.key];
        const removing = form.remove[field.key] === true;
        const error = errors[field.key];
        return (
          <div key={field.key} className="flex flex-col gap-1.5">
            <Field
              label={label}
              hint={stored ? `${t("notifications.form.secretSaved")} ${hint}` : hint}
              error={
                error
                  ? t(`notifications.form.errors.${error}`, {
                      min: field.range?.[0] ?? 0,
                      max: field.range?.[1] ?? 0,
                    })
                  : undefined
              }
            >
              {(props) => (
                <Input
                  {...props}
                  name={field.key}
                  type={field.type === "secret" ? "password" : field.type === "number" ? "number" : "text"}
                  inputMode={field.type === "url" ? "url" : field.type === "number" ? "numeric" : undefined}
                  autoComplete={field.type === "secret" ? "new-password" : "off"}
                  placeholder={stored ? "••••••••" : field.placeholder}
                  value={typeof value === "string" ? value : ""}
                  disabled={removing}
                  onChange={(e) => onValue(field.key, e.target.value)}
                  data-testid={`field-${field.key}`}
                />
              )}
            </Field>
            {stored && field.removable && (
              <label className="flex items-center gap-2 text-xs text-fg-muted">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={removing}
                  onChange={(e) => onRemove(field.key, e.target.checked)}
                />
                {t("notifications.form.removeSecret")}
              </label>
            )}
          </div>
        );
      })}
    </div>
  );
}
