import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "./ui/button";

/** Shown inside the layout for a page the signed-in user's role does not open (says no more than a 404). */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <div data-testid="not-allowed" className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">{t("system.notAllowed.title")}</h1>
      <p className="mt-2 text-fg-muted">{t("system.notAllowed.description")}</p>
      <Link to="/" className={buttonClasses("primary", "md", "mt-6")}>
        {t("notFound.backHome")}
      </Link>
    </div>
  );
}
