import { Link } from "@tanstack/react-router";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { useHasRole } from "@/features/auth/use-session";
import { NAV_ITEMS, type NavItem, SYSTEM_NAV_ITEMS, type SystemNavItem } from "./nav-items";

const linkClasses =
  "flex items-center gap-3 rounded-md py-2 text-sm font-medium text-fg-muted hover:bg-surface-muted hover:text-fg data-[status=active]:bg-brand-600/10 data-[status=active]:text-brand-600 dark:data-[status=active]:text-brand-400";

/**
 * The main navigation; the current page's link carries aria-current (TanStack sets it on active links).
 * `collapsed` is the icon rail: each link keeps its name as its accessible name and as a tooltip.
 */
export function NavLinks({
  onNavigate,
  collapsed = false,
}: {
  onNavigate?: () => void;
  collapsed?: boolean;
}) {
  const { t } = useTranslation();
  const isOwner = useHasRole("owner");
  const headingId = useId();
  return (
    <nav aria-label={t("nav.label")}>
      <ul className="flex flex-col gap-1">
        {NAV_ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink item={item} label={t(item.labelKey)} collapsed={collapsed} onNavigate={onNavigate} />
          </li>
        ))}
      </ul>
      {isOwner && SYSTEM_NAV_ITEMS.length > 0 && (
        <div className="mt-4" data-testid="system-nav">
          {collapsed && <div aria-hidden="true" className="mb-3 h-px bg-line" />}
          <h2
            id={headingId}
            className={cn(
              "px-3 pb-1 text-xs font-semibold tracking-wide text-fg-muted uppercase",
              collapsed && "sr-only",
            )}
          >
            {t("system.nav.heading")}
          </h2>
          <ul aria-labelledby={headingId} className="flex flex-col gap-1">
            {SYSTEM_NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink item={item} label={t(item.labelKey)} collapsed={collapsed} onNavigate={onNavigate} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </nav>
  );
}

function NavLink({
  item: { to, icon: Icon, exact },
  label,
  collapsed,
  onNavigate,
}: {
  item: NavItem | SystemNavItem;
  label: string;
  collapsed: boolean;
  onNavigate: (() => void) | undefined;
}) {
  return (
    <Link
      to={to}
      activeOptions={{ exact: exact ?? false }}
      onClick={onNavigate}
      className={cn(linkClasses, collapsed ? "justify-center" : "px-3")}
      aria-label={collapsed ? label : undefined}
      title={collapsed ? label : undefined}
    >
      <Icon className="size-5 shrink-0" />
      {!collapsed && label}
    </Link>
  );
}
