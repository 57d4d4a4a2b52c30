import { Dialog } from "@base-ui/react/dialog";
import { Link } from "@tanstack/react-router";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { MenuIcon, SidebarIcon } from "../icons";
import { NavLinks } from "./nav-links";
import { isSidebarShortcut, useSidebarState } from "./sidebar-preference";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/**
 * Signed-in chrome: top bar (with the search the layout gives it), a sidebar from md up, a drawer below it
 * (phones down to 360 px). The sidebar folds to an icon rail (its button or Ctrl/Cmd+B), remembered in this
 * browser; the drawer always shows the names.
 */
export function AppShell({ children, search }: { children: ReactNode; search?: ReactNode }) {
  const { t } = useTranslation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [sidebar, setSidebar] = useSidebarState();
  const collapsed = sidebar === "collapsed";

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSidebarShortcut(event)) return;
      event.preventDefault();
      setSidebar(collapsed ? "expanded" : "collapsed");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [collapsed, setSidebar]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-surface px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        {t("app.skipToContent")}
      </a>
      <header className="sticky top-0 z-30 border-b border-line bg-surface/95 backdrop-blur">
        <div className="flex h-14 items-center gap-2 px-3 sm:px-4">
          <Dialog.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
            <Dialog.Trigger
              aria-label={t("nav.open")}
              className="rounded-md p-2 text-fg hover:bg-surface-muted md:hidden"
            >
              <MenuIcon />
            </Dialog.Trigger>
            <Dialog.Portal>
              <Dialog.Backdrop className="fixed inset-0 z-40 bg-black/50 md:hidden" />
              <Dialog.Popup className="fixed inset-y-0 left-0 z-50 w-64 max-w-[85vw] overflow-y-auto border-r border-line bg-surface p-3 md:hidden">
                <Dialog.Title className="sr-only">{t("nav.label")}</Dialog.Title>
                <div className="mb-3 px-2">
                  <Wordmark />
                </div>
                <NavLinks onNavigate={() => setDrawerOpen(false)} />
              </Dialog.Popup>
            </Dialog.Portal>
          </Dialog.Root>
          <Link to="/" className="shrink-0 rounded-md">
            <Wordmark />
          </Link>
          {search}
          <div className="ml-auto flex shrink-0 items-center gap-1">
            <ThemeToggle />
            <UserMenu />
          </div>
        </div>
      </header>
      <div className="flex flex-1">
        <aside
          data-testid="sidebar"
          data-state={sidebar}
          className={cn(
            "sticky top-14 hidden h-[calc(100dvh-3.5rem)] shrink-0 overflow-y-auto border-r border-line bg-surface p-3 md:block",
            collapsed ? "w-16" : "w-56",
          )}
        >
          <button
            type="button"
            onClick={() => setSidebar(collapsed ? "expanded" : "collapsed")}
            aria-expanded={!collapsed}
            aria-label={collapsed ? t("nav.expand") : t("nav.collapse")}
            title={`${collapsed ? t("nav.expand") : t("nav.collapse")} (${t("nav.shortcut")})`}
            className={cn(
              "mb-2 flex items-center rounded-md py-2 text-fg-muted hover:bg-surface-muted hover:text-fg",
              collapsed ? "w-full justify-center" : "px-3",
            )}
          >
            <SidebarIcon />
          </button>
          <NavLinks collapsed={collapsed} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-3 py-6 sm:px-6">
          <div className="mx-auto max-w-7xl">{children}</div>
        </main>
      </div>
    </div>
  );
}

export function Wordmark() {
  const { t } = useTranslation();
  return (
    <span className="flex items-center gap-2">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7">
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <circle cx="16" cy="16" r="9" fill="none" stroke="white" strokeWidth="2.5" />
        <circle cx="16" cy="16" r="4" fill="white" />
      </svg>
      <span className="text-lg font-semibold tracking-tight text-fg">{t("app.name")}</span>
    </span>
  );
}
