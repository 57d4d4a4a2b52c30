import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/** Full-text search of the event log; Clear while a search is shown, with the hint that filters wait. */
export function LogSearchForm({
  query,
  hintId,
  onSearch,
}: {
  query: string | undefined;
  /** The hint's id, which the filters the search sets aside point to. */
  hintId: string;
  onSearch: (q: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(query ?? "");
  // Back/forward changes the URL's query: show it.
  useEffect(() => setText(query ?? ""), [query]);
  const inputId = `${hintId}-input`;
  return (
    <search>
      <form
        className="flex flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(text.trim() || undefined);
        }}
      >
        <label htmlFor={inputId} className="text-sm font-medium text-fg">
          {t("logs.filters.search")}
        </label>
        <div className="flex gap-2">
          <Input
            id={inputId}
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
          {query && (
            <Button size="md" onClick={() => onSearch(undefined)}>
              {t("logs.filters.clear")}
            </Button>
          )}
        </div>
        {query && (
          <p id={hintId} className="text-xs text-fg-muted">
            {t("logs.filters.searchHint")}
          </p>
        )}
      </form>
    </search>
  );
}
