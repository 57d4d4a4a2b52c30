import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Page chrome shared by every route: header with the product name, then the routed content. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-surface px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t("app.skipToContent")}
      </a>
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-3 px-4 sm:px-6">
          <Link to="/" className="flex items-center gap-2.5 rounded-md">
            <LogoMark />
            <span className="text-lg font-semibold tracking-tight text-fg">{t("app.name")}</span>
          </Link>
          <span className="hidden text-sm text-fg-muted sm:inline">{t("app.tagline")}</span>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}

function LogoMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <circle cx="16" cy="16" r="9" fill="none" stroke="white" strokeWidth="2.5" />
      <circle cx="16" cy="16" r="4" fill="white" />
    </svg>
  );
}
