import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Input } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";

type Category = { id: string; name: string };

/** Search Twitch categories (from 2 characters, debounced) and pick several; chosen ones show as chips. */
export function CategoryPicker({
  value,
  onChange,
  invalid,
  describedBy,
}: {
  value: Category[];
  onChange: (next: Category[]) => void;
  invalid: boolean;
  describedBy?: string | undefined;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    ...trpc.category.search.queryOptions({ query, limit: 20 }),
    enabled: query.length >= 2,
  });
  const chosen = new Set(value.map((c) => c.id));

  return (
    <div className="flex flex-col gap-2">
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t("schedules.form.chosenCategories")}>
          {value.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                onClick={() => onChange(value.filter((v) => v.id !== c.id))}
                className="rounded-full bg-brand-600/15 px-2.5 py-1 text-xs text-fg hover:bg-danger-soft"
                aria-label={t("schedules.form.removeCategory", { name: c.name })}
              >
                {c.name} ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={id} className="sr-only">
        {t("schedules.form.searchCategories")}
      </label>
      <Input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t("schedules.form.searchCategories")}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        autoComplete="off"
      />
      {query.length >= 2 && (
        <ul
          className="max-h-40 overflow-y-auto rounded-md border border-line"
          aria-label={t("schedules.form.categoryResults")}
        >
          {(results.data ?? [])
            .filter((c) => !chosen.has(c.id))
            .map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="w-full px-3 py-1.5 text-left text-sm hover:bg-surface-muted"
                  onClick={() => {
                    onChange([...value, { id: c.id, name: c.name }]);
                    setText("");
                  }}
                >
                  {c.name}
                </button>
              </li>
            ))}
          {results.isSuccess && results.data.length === 0 && (
            <li className="px-3 py-1.5 text-sm text-fg-muted">{t("schedules.form.noCategories")}</li>
          )}
        </ul>
      )}
    </div>
  );
}
