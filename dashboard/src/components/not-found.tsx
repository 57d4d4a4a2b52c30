import { useTranslation } from "react-i18next";
import { ErrorPage } from "./error-page";

/** Shown for client routes that do not exist (the server hands every unknown path to the SPA). */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <ErrorPage
      code={404}
      title={t("notFound.title")}
      description={t("notFound.description")}
      testId="not-found"
    />
  );
}
