import { useId } from "react";
import { useTranslation } from "react-i18next";
import { toggleEvent, WEBHOOK_EVENTS, type WebhookEvent, type WebhookFormErrors } from "../delivery";

/** Which recording events are sent, one checkbox each, with the group's error. */
export function WebhookEventsField({
  value,
  error,
  onChange,
}: {
  value: WebhookEvent[];
  error: WebhookFormErrors["events"];
  onChange: (events: WebhookEvent[]) => void;
}) {
  const { t } = useTranslation();
  const errorId = `${useId()}-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-fg">{t("webhook.config.events")}</legend>
      <div className="flex flex-col gap-1.5">
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="flex items-center gap-2 text-sm text-fg">
            <input
              type="checkbox"
              className="size-4 accent-brand-600"
              checked={value.includes(event)}
              onChange={(e) => onChange(toggleEvent(value, event, e.target.checked))}
            />
            <code className="text-xs">{event}</code>
            <span className="text-fg-muted">
              {t(`webhook.events.${event === "recording.completed" ? "completed" : "failed"}`)}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-xs text-danger">
          {t(`webhook.config.errors.${error}`)}
        </p>
      )}
    </fieldset>
  );
}
