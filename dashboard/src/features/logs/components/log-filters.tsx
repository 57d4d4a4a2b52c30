import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Field, Select } from "@/components/ui/field";
import { pickOne } from "@/lib/url-search";
import { DEFAULT_SEVERITY, LOG_DOMAINS, LOG_SEVERITIES, type LogSearch } from "../log-query";
import { LogSearchForm } from "./log-search-form";

/** Source, domain, severity and text search; every change goes back to page 1 (the caller writes the URL). */
export function LogFilters({ search, onChange }: { search: LogSearch; onChange: (next: LogSearch) => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  const events = search.source !== "api";
  const searching = Boolean(search.q);
  const set = (patch: Partial<LogSearch>) => onChange({ ...search, ...patch, page: undefined });
  // A search ignores domain and severity: they are disabled, and point to the hint that says so.
  const setAside = { disabled: searching, "aria-describedby": searching ? hintId : undefined };

  return (
    <div className="flex flex-col gap-3 p-4" data-testid="log-filters">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t("logs.filters.source")}>
          {({ id }) => (
            <Select
              id={id}
              value={search.source ?? "events"}
              onChange={(e) => set({ source: e.target.value === "api" ? "api" : undefined })}
            >
              <option value="events">{t("logs.sources.events")}</option>
              <option value="api">{t("logs.sources.api")}</option>
            </Select>
          )}
        </Field>
        {events && (
          <Field label={t("logs.filters.domain")}>
            {({ id }) => (
              <Select
                id={id}
                value={search.domain ?? ""}
                {...setAside}
                onChange={(e) => set({ domain: pickOne(LOG_DOMAINS, e.target.value) })}
              >
                <option value="">{t("logs.filters.allDomains")}</option>
                {LOG_DOMAINS.map((domain) => (
                  <option key={domain} value={domain}>
                    {t(`logs.domains.${domain}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        {events && (
          <Field label={t("logs.filters.severity")}>
            {({ id }) => (
              <Select
                id={id}
                value={search.severity ?? DEFAULT_SEVERITY}
                {...setAside}
                onChange={(e) => {
                  const severity = pickOne(LOG_SEVERITIES, e.target.value);
                  set({ severity: severity === DEFAULT_SEVERITY ? undefined : severity });
                }}
              >
                {LOG_SEVERITIES.map((severity) => (
                  <option key={severity} value={severity}>
                    {t(`logs.atLeast.${severity}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
      </div>
      {events && <LogSearchForm query={search.q} hintId={hintId} onSearch={(q) => set({ q })} />}
    </div>
  );
}
