import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

/** Shown for client routes that do not exist (the server hands every unknown path to the SPA). */
export function NotFound() {
  const { t } = useTranslation();

  return (
    <div data-testid="not-found" className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">{t("notFound.title")}</h1>
      <p className="mt-2 text-fg-muted">{t("notFound.description")}</p>
      <Link
        to="/"
        className="mt-6 inline-flex h-9 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("notFound.backHome")}
      </Link>
    </div>
  );
}
