import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "./ui/button";

/** Shown for client routes that do not exist (the server hands every unknown path to the SPA). */
export function NotFound() {
  const { t } = useTranslation();

  return (
    <div data-testid="not-found" className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">{t("notFound.title")}</h1>
      <p className="mt-2 text-fg-muted">{t("notFound.description")}</p>
      <Link to="/" className={buttonClasses("primary", "md", "mt-6")}>
        {t("notFound.backHome")}
      </Link>
    </div>
  );
}
