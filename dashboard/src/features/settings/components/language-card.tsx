import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { isSupportedLanguage, supportedLanguages } from "@/lib/i18n";
import { useSaveLanguage } from "../api/use-save-language";

/** The UI language: applies at once and is saved to the account (no Save button to forget). */
export function LanguageCard() {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const save = useSaveLanguage();
  const current = i18n.resolvedLanguage ?? "en";

  return (
    <Card aria-labelledby={headingId}>
      <CardHeader id={headingId} title={t("settings.language")} />
      <div className="flex flex-col gap-3 p-4">
        <Field label={t("settings.language")} hint={t("settings.languageHint")}>
          {(props) => (
            <Select
              {...props}
              name="language"
              value={current}
              onChange={(e) => isSupportedLanguage(e.target.value) && save.save(e.target.value)}
              data-testid="settings-language"
            >
              {supportedLanguages.map((language) => (
                <option key={language} value={language} lang={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {save.error && <Alert tone="danger">{save.error.message}</Alert>}
      </div>
    </Card>
  );
}
