import { Link, type NotFoundRouteProps } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { NotFound } from "@/components/not-found";
import { buttonClasses } from "@/components/ui/button";
import { isOwnerOnly } from "../owner-only";

/**
 * Rendered inside the app layout for `/system/*` misses: "owner only" for someone else, a plain 404 for an
 * owner who mistyped the address.
 */
export function SystemNotFound({ data }: NotFoundRouteProps) {
  const { t } = useTranslation();
  if (!isOwnerOnly(data)) return <NotFound />;
  return (
    <div data-testid="not-allowed" className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">{t("users.notAllowedTitle")}</h1>
      <p className="mt-2 text-fg-muted">{t("users.notAllowedDescription")}</p>
      <Link to="/" className={buttonClasses("primary", "md", "mt-6")}>
        {t("notFound.backHome")}
      </Link>
    </div>
  );
}
