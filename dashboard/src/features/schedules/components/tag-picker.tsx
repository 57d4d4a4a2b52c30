import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "@/lib/trpc";

/** Tags seen on streams so far, as checkboxes. */
export function TagPicker({ value, onChange }: { value: number[]; onChange: (next: number[]) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const tags = useQuery(trpc.tag.list.queryOptions());
  if (tags.data?.length === 0) return <p className="text-xs text-fg-muted">{t("schedules.form.noTags")}</p>;
  return (
    <fieldset className="flex max-h-40 flex-wrap gap-2 overflow-y-auto">
      <legend className="sr-only">{t("schedules.form.tags")}</legend>
      {(tags.data ?? []).map((tag) => (
        <label
          key={tag.id}
          className="flex items-center gap-1.5 rounded-md border border-line px-2 py-1 text-sm"
        >
          <input
            type="checkbox"
            checked={value.includes(tag.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, tag.id] : value.filter((id) => id !== tag.id))
            }
          />
          {tag.name}
        </label>
      ))}
    </fieldset>
  );
}
