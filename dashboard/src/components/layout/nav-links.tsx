import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { NAV_ITEMS } from "./nav-items";

/** The main navigation; the current page's link carries aria-current (TanStack sets it on active links). */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("nav.label")}>
      <ul className="flex flex-col gap-1">
        {NAV_ITEMS.map(({ to, labelKey, icon: Icon, exact }) => (
          <li key={to}>
            <Link
              to={to}
              activeOptions={{ exact: exact ?? false }}
              onClick={onNavigate}
              className="flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-fg-muted hover:bg-surface-muted hover:text-fg data-[status=active]:bg-brand-600/10 data-[status=active]:text-brand-600 dark:data-[status=active]:text-brand-400"
            >
              <Icon className="size-5" />
              {t(labelKey)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
