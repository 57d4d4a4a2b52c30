import { useTranslation } from "react-i18next";
import { GridIcon, ListIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import type { VideoSearch } from "../search";

/** Grid or table: two pressed-state buttons (the choice is in the URL, like the filters). */
export function ViewToggle({
  view,
  onChange,
}: {
  view: VideoSearch["view"];
  onChange: (view: VideoSearch["view"]) => void;
}) {
  const { t } = useTranslation();
  const current = view ?? "grid";
  const options = [
    { value: "grid", label: t("videos.view.grid"), Icon: GridIcon },
    { value: "table", label: t("videos.view.table"), Icon: ListIcon },
  ] as const;
  return (
    <fieldset className="inline-flex rounded-md border border-line p-0.5">
      <legend className="sr-only">{t("videos.view.label")}</legend>
      {options.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={current === value}
          onClick={() => onChange(value === "grid" ? undefined : value)}
          className={cn(
            "inline-flex h-8 items-center gap-1.5 rounded px-2.5 text-sm text-fg-muted hover:text-fg",
            "aria-pressed:bg-surface-muted aria-pressed:text-fg focus-visible:outline-2 focus-visible:outline-brand-500",
          )}
        >
          <Icon className="size-4" />
          {label}
        </button>
      ))}
    </fieldset>
  );
}
