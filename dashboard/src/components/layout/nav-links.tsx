import { Link } from "@tanstack/react-router";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useHasRole } from "@/features/auth/use-session";
import { NAV_ITEMS, SYSTEM_NAV_ITEMS } from "./nav-items";

const linkClasses =
  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-fg-muted hover:bg-surface-muted hover:text-fg data-[status=active]:bg-brand-600/10 data-[status=active]:text-brand-600 dark:data-[status=active]:text-brand-400";

/** The main navigation; the current page's link carries aria-current (TanStack sets it on active links). */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const isOwner = useHasRole("owner");
  const headingId = useId();
  return (
    <nav aria-label={t("nav.label")}>
      <ul className="flex flex-col gap-1">
        {NAV_ITEMS.map(({ to, labelKey, icon: Icon, exact }) => (
          <li key={to}>
            <Link
              to={to}
              activeOptions={{ exact: exact ?? false }}
              onClick={onNavigate}
              className={linkClasses}
            >
              <Icon className="size-5" />
              {t(labelKey)}
            </Link>
          </li>
        ))}
      </ul>
      {isOwner && SYSTEM_NAV_ITEMS.length > 0 && (
        <div className="mt-4" data-testid="system-nav">
          <h2
            id={headingId}
            className="px-3 pb-1 text-xs font-semibold tracking-wide text-fg-muted uppercase"
          >
            {t("system.nav.heading")}
          </h2>
          <ul aria-labelledby={headingId} className="flex flex-col gap-1">
            {SYSTEM_NAV_ITEMS.map(({ to, labelKey, icon: Icon, exact }) => (
              <li key={to}>
                <Link
                  to={to}
                  activeOptions={{ exact: exact ?? false }}
                  onClick={onNavigate}
                  className={linkClasses}
                >
                  <Icon className="size-5" />
                  {t(labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </nav>
  );
}
