import { useTranslation } from "react-i18next";
import { ErrorPage } from "./error-page";

/** Shown inside the layout for an owner page to anyone else (says no more than a 404 would). */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <ErrorPage
      code={403}
      title={t("system.notAllowed.title")}
      description={t("system.notAllowed.description")}
      testId="not-allowed"
    />
  );
}
