import { useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { browserTimeZone, timeZoneSuggestions } from "../preferences";

/**
 * A time zone typed with suggestions (empty: each browser's own, shown as the placeholder), and a one-click
 * "use this browser's zone" when it differs.
 */
export function TimeZoneField({
  value,
  error,
  onChange,
  onBlur,
}: {
  value: string;
  error: string | undefined;
  onChange: (zone: string) => void;
  onBlur: () => void;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const suggestions = useMemo(timeZoneSuggestions, []);
  const here = useMemo(browserTimeZone, []);
  return (
    <>
      <Field label={t("settings.timezone")} error={error} hint={t("settings.timezoneHint")}>
        {(props) => (
          <Input
            {...props}
            name="timezone"
            list={listId}
            value={value}
            placeholder={t("settings.timezonePlaceholder", { zone: here })}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
            data-testid="settings-timezone"
          />
        )}
      </Field>
      <datalist id={listId}>
        {suggestions.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {here && here !== value && (
        <div>
          <Button size="sm" variant="ghost" onClick={() => onChange(here)}>
            {t("settings.useBrowserZone", { zone: here })}
          </Button>
        </div>
      )}
    </>
  );
}
