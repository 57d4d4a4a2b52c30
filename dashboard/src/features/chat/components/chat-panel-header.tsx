import { useTranslation } from "react-i18next";
import { CloseIcon, SearchIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";

/** The chat panel's title row: the line count, search (or back to chat), and hide. */
export function ChatPanelHeader({
  view,
  count,
  onView,
  onHide,
}: {
  view: "chat" | "search";
  count: number | null;
  onView: (view: "chat" | "search") => void;
  onHide: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="flex items-center gap-1 border-b border-line py-1 pr-1 pl-3">
      <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-fg">
        {view === "search" ? t("chat.search.open") : t("chat.title")}
        {view === "chat" && count !== null && count > 0 && (
          <span className="ml-2 text-xs font-normal text-fg-muted">
            {t("chat.count", { count, n: new Intl.NumberFormat(i18n.language).format(count) })}
          </span>
        )}
      </h2>
      {view === "chat" ? (
        <Button
          variant="ghost"
          size="icon"
          aria-label={t("chat.search.open")}
          title={t("chat.search.open")}
          onClick={() => onView("search")}
          data-testid="chat-search-open"
        >
          <SearchIcon />
        </Button>
      ) : (
        <Button variant="ghost" size="sm" onClick={() => onView("chat")}>
          {t("chat.search.back")}
        </Button>
      )}
      <Button
        variant="ghost"
        size="icon"
        aria-label={t("chat.hide")}
        title={t("chat.hide")}
        onClick={onHide}
        data-testid="chat-hide"
      >
        <CloseIcon />
      </Button>
    </div>
  );
}
