import { useTranslation } from "react-i18next";
import { GridIcon, UserIcon, VideoIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import type { SearchGroup, SearchKind, SearchOption } from "../results";

const ICONS: Record<SearchKind, typeof VideoIcon> = {
  video: VideoIcon,
  channel: UserIcon,
  category: GridIcon,
};

/** DOM id of an option, so the field can point at the highlighted one (`aria-activedescendant`). */
export const optionId = (listId: string, option: SearchOption) => `${listId}-${option.key}`;

/**
 * The results under the search field: one labelled group per kind, the highlighted option marked, and a
 * status line (searching, nothing found, an error). Pressing an option keeps the focus in the field.
 */
export function SearchResults({
  listId,
  groups,
  active,
  status,
  onChoose,
}: {
  listId: string;
  groups: SearchGroup[];
  active: SearchOption | null;
  status: string | null;
  onChoose: (option: SearchOption) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="absolute inset-x-0 top-full z-40 mt-1 max-h-[70dvh] overflow-y-auto rounded-lg border border-line bg-surface p-1 shadow-xl max-sm:mx-3">
      {status && (
        <p role="status" className="px-3 py-2 text-sm text-fg-muted">
          {status}
        </p>
      )}
      <div id={listId} role="listbox" aria-label={t("search.results")}>
        {groups.map((group) => (
          // biome-ignore lint/a11y/useSemanticElements: a listbox's groups are role="group" (WAI-ARIA), not fieldsets
          <div key={group.kind} role="group" aria-labelledby={`${listId}-${group.kind}`} className="py-1">
            <div
              id={`${listId}-${group.kind}`}
              className="px-3 pt-1 pb-0.5 text-xs font-semibold tracking-wide text-fg-muted uppercase"
            >
              {t(`search.groups.${group.kind}`)}
            </div>
            {group.options.map((option) => {
              const Icon = ICONS[option.kind];
              const selected = option.key === active?.key;
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the field owns the keyboard (arrows, Enter)
                <div
                  key={option.key}
                  id={optionId(listId, option)}
                  role="option"
                  aria-selected={selected}
                  tabIndex={-1}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => onChoose(option)}
                  className={cn(
                    "flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm",
                    selected ? "bg-brand-600/15 text-fg" : "text-fg hover:bg-surface-muted",
                  )}
                >
                  <Icon className="size-4 shrink-0 text-fg-muted" />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate">{option.label}</span>
                    {option.detail && (
                      <span className="block truncate text-xs text-fg-muted">{option.detail}</span>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
