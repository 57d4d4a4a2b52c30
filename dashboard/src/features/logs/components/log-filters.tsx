import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { LOG_DOMAINS, LOG_SEVERITIES, type LogSearch } from "../log-query";

/** Source, domain, severity and text search; every change goes back to page 1 (the caller writes the URL). */
export function LogFilters({ search, onChange }: { search: LogSearch; onChange: (next: LogSearch) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(search.q ?? "");
  // Back/forward changes the URL's query: show it.
  useEffect(() => setText(search.q ?? ""), [search.q]);
  const events = search.source !== "api";
  const searching = Boolean(search.q);
  const set = (patch: Partial<LogSearch>) => onChange({ ...search, ...patch, page: undefined });

  return (
    <div className="flex flex-col gap-3 p-4" data-testid="log-filters">
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-source`} className="text-sm font-medium text-fg">
            {t("logs.filters.source")}
          </label>
          <Select
            id={`${id}-source`}
            value={search.source ?? "events"}
            onChange={(e) => set({ source: e.target.value === "api" ? "api" : undefined })}
          >
            <option value="events">{t("logs.sources.events")}</option>
            <option value="api">{t("logs.sources.api")}</option>
          </Select>
        </div>
        {events && (
          <>
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${id}-domain`} className="text-sm font-medium text-fg">
                {t("logs.filters.domain")}
              </label>
              <Select
                id={`${id}-domain`}
                value={search.domain ?? ""}
                disabled={searching}
                aria-describedby={searching ? `${id}-search-hint` : undefined}
                onChange={(e) =>
                  set({
                    domain: (LOG_DOMAINS as readonly string[]).includes(e.target.value)
                      ? (e.target.value as LogSearch["domain"])
                      : undefined,
                  })
                }
              >
                <option value="">{t("logs.filters.allDomains")}</option>
                {LOG_DOMAINS.map((domain) => (
                  <option key={domain} value={domain}>
                    {t(`logs.domains.${domain}`)}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${id}-severity`} className="text-sm font-medium text-fg">
                {t("logs.filters.severity")}
              </label>
              <Select
                id={`${id}-severity`}
                value={search.severity ?? ""}
                disabled={searching}
                aria-describedby={searching ? `${id}-search-hint` : undefined}
                onChange={(e) =>
                  set({
                    severity: (LOG_SEVERITIES as readonly string[]).includes(e.target.value)
                      ? (e.target.value as LogSearch["severity"])
                      : undefined,
                  })
                }
              >
                <option value="">{t("logs.filters.allSeverities")}</option>
                {LOG_SEVERITIES.map((severity) => (
                  <option key={severity} value={severity}>
                    {t(`logs.severities.${severity}`)}
                  </option>
                ))}
              </Select>
            </div>
          </>
        )}
      </div>
      {events && (
        <search>
          <form
            className="flex flex-col gap-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              set({ q: text.trim() || undefined });
            }}
          >
            <label htmlFor={`${id}-q`} className="text-sm font-medium text-fg">
              {t("logs.filters.search")}
            </label>
            <div className="flex gap-2">
              <Input
                id={`${id}-q`}
                type="search"
                maxLength={200}
                value={text}
                placeholder={t("logs.filters.searchPlaceholder")}
                onChange={(e) => setText(e.target.value)}
                data-testid="log-search"
              />
              <Button type="submit" size="md">
                {t("logs.filters.searchButton")}
              </Button>
              {searching && (
                <Button size="md" onClick={() => set({ q: undefined })}>
                  {t("logs.filters.clear")}
                </Button>
              )}
            </div>
            {searching && (
              <p id={`${id}-search-hint`} className="text-xs text-fg-muted">
                {t("logs.filters.searchHint")}
              </p>
            )}
          </form>
        </search>
      )}
    </div>
  );
}
