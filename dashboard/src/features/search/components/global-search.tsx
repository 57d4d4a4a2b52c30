import { useId } from "react";
import { useTranslation } from "react-i18next";
import { CloseIcon, SearchIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";
import { useSearchBox } from "../use-search-box";
import { optionId, SearchResults } from "./search-results";

/**
 * The top bar's search (a combobox): results grouped by kind as you type; ↑/↓ move, Enter opens the
 * highlighted result (or the first), Escape closes, Ctrl/⌘+K or "/" focuses. On phones it is an icon that
 * opens the field over the bar.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const listId = useId();
  const box = useSearchBox();
  const { term, options, pending, error } = box;

  const status = error
    ? t("search.failed")
    : pending && options.length === 0
      ? t("search.searching")
      : term && options.length === 0
        ? t("search.nothing", { term })
        : null;
  const showResults = box.open && term !== null && (options.length > 0 || status !== null);

  return (
    <div className="flex min-w-0 flex-1 justify-end sm:justify-center">
      <button
        type="button"
        aria-label={t("search.open")}
        onClick={box.expand}
        className={cn("rounded-md p-2 text-fg hover:bg-surface-muted sm:hidden", box.expanded && "hidden")}
      >
        <SearchIcon />
      </button>
      <search
        className={cn(
          "w-full max-w-md items-center gap-2",
          // Phones: over the whole bar once opened; from sm up: a field in the bar.
          box.expanded
            ? "absolute inset-x-0 top-0 z-40 flex h-14 bg-surface px-3 sm:relative sm:inset-auto sm:h-auto sm:bg-transparent sm:px-0"
            : "relative hidden sm:flex",
        )}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) box.onLeave();
        }}
      >
        <SearchIcon className="pointer-events-none absolute left-3 size-4 text-fg-muted max-sm:left-6" />
        <input
          ref={box.input}
          type="search"
          role="combobox"
          aria-label={t("search.label")}
          aria-expanded={showResults}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={box.current ? optionId(listId, box.current) : undefined}
          placeholder={t("search.placeholder")}
          autoComplete="off"
          enterKeyHint="search"
          value={box.text}
          onChange={(event) => box.type(event.target.value)}
          onFocus={box.onFocus}
          onKeyDown={box.onKeyDown}
          className={cn(inputClasses, "h-9 pl-9")}
          data-testid="global-search"
        />
        {box.expanded && (
          <button
            type="button"
            aria-label={t("search.close")}
            onClick={box.clear}
            className="rounded-md p-2 text-fg hover:bg-surface-muted sm:hidden"
          >
            <CloseIcon />
          </button>
        )}
        {showResults && (
          <SearchResults
            listId={listId}
            groups={box.groups}
            active={box.current}
            status={status}
            onChoose={box.choose}
          />
        )}
      </search>
    </div>
  );
}
