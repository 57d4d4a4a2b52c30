import { useQuery } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CloseIcon, SearchIcon } from "@/components/icons";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { chatExportUrl } from "@/lib/media-urls";
import { useTheme } from "@/lib/theme";
import { useTRPC } from "@/lib/trpc";
import { type Playhead, usePlayheadSeconds } from "../playhead";
import type { ChatGapLine, ChatLine } from "../types";
import { CHAT_WINDOW, useChatReplay } from "../use-chat-replay";
import { ChatGapView, type ChatLineContext, ChatLineView } from "./chat-line";
import { ChatSearch } from "./chat-search";

type Item = { type: "line"; line: ChatLine } | { type: "gap"; gap: ChatGapLine };

/** Within this many pixels of the bottom, the list follows new lines. */
const STICK_PX = 40;

/**
 * A recording's chat beside the player, in step with it: the lines up to the playhead (the newest at the
 * bottom, followed unless the viewer scrolled up: then the list holds still and offers "Jump to latest"),
 * stretches without chat, a search whose hits seek the player, and the downloads.
 */
export function ChatPanel({
  videoId,
  playhead,
  recording,
  onSeek,
  onHide,
  className,
}: {
  videoId: number;
  playhead: Playhead;
  /** The video still records: its chat grows. */
  recording: boolean;
  onSeek: (seconds: number) => void;
  onHide: () => void;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const { theme } = useTheme();
  const seconds = usePlayheadSeconds(playhead);
  const summary = useQuery(
    trpc.chat.summary.queryOptions({ video_id: videoId }, { refetchInterval: recording ? 10_000 : false }),
  );
  const { lines, loading, failing } = useChatReplay(videoId, seconds, recording);
  const [view, setView] = useState<"chat" | "search">("chat");
  const [query, setQuery] = useState("");
  const [highlight, setHighlight] = useState<number | null>(null);
  const context = useMemo<ChatLineContext>(
    () => ({ emoteTemplate: summary.data?.emote_url_template ?? null, theme }),
    [summary.data?.emote_url_template, theme],
  );

  const items = useMemo(
    () => withGaps(lines, summary.data?.gaps ?? [], seconds),
    [lines, summary.data, seconds],
  );
  const follow = useFollow(items, seconds);
  const count = summary.data?.count ?? null;

  return (
    <section
      aria-label={t("chat.replay")}
      data-testid="chat-panel"
      className={cn(
        "flex min-h-0 flex-col overflow-hidden rounded-xl border border-line bg-surface",
        className,
      )}
    >
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
            onClick={() => setView("search")}
            data-testid="chat-search-open"
          >
            <SearchIcon />
          </Button>
        ) : (
          <Button variant="ghost" size="sm" onClick={() => setView("chat")}>
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
      {view === "search" ? (
        <ChatSearch
          videoId={videoId}
          query={query}
          onQuery={setQuery}
          context={context}
          onPick={(hit) => {
            setHighlight(hit.id);
            setView("chat");
            follow.jump();
            onSeek(hit.offset_seconds);
          }}
        />
      ) : (
        <div className="relative flex min-h-0 flex-1 flex-col">
          <ol
            ref={follow.list}
            onScroll={follow.onScroll}
            data-testid="chat-lines"
            data-time={seconds}
            className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto py-1 [overflow-anchor:none]"
          >
            {follow.shown.map((item) =>
              item.type === "line" ? (
                <ChatLineView
                  key={item.line.id}
                  line={item.line}
                  context={context}
                  highlighted={item.line.id === highlight}
                />
              ) : (
                <ChatGapView key={`gap-${item.gap.offset_seconds}`} gap={item.gap} />
              ),
            )}
          </ol>
          {follow.shown.length === 0 && (
            <p className="absolute inset-x-0 top-0 p-3 text-sm text-fg-muted">
              {loading || summary.isPending
                ? t("chat.loading")
                : count === 0
                  ? t("chat.empty")
                  : t("chat.notYet")}
            </p>
          )}
          {failing && (
            <p className="border-t border-line px-3 py-1 text-xs text-danger">{t("chat.failing")}</p>
          )}
          {!follow.following && (
            <button
              type="button"
              onClick={follow.jump}
              className={buttonClasses(
                "primary",
                "sm",
                "absolute bottom-2 left-1/2 -translate-x-1/2 shadow-lg",
              )}
            >
              {t("chat.jumpToLatest")}
            </button>
          )}
        </div>
      )}
      <p className="flex flex-wrap items-center gap-x-2 border-t border-line px-3 py-1.5 text-xs text-fg-muted">
        <span>{t("chat.export.label")}</span>
        <a
          href={chatExportUrl(videoId, "json")}
          download
          title={t("chat.export.jsonHint")}
          className="font-medium text-brand-600 hover:underline dark:text-brand-400"
        >
          {t("chat.export.json")}
        </a>
        <a
          href={chatExportUrl(videoId, "txt")}
          download
          className="font-medium text-brand-600 hover:underline dark:text-brand-400"
        >
          {t("chat.export.text")}
        </a>
      </p>
    </section>
  );
}

/**
 * The lines and the stretches without chat up to `seconds`, in timeline order. A gap is shown from where
 * it starts; once the window is full, only gaps after its first line (older ones scrolled out with it).
 */
function withGaps(lines: ChatLine[], gaps: readonly ChatGapLine[], seconds: number): Item[] {
  const first = lines.length >= CHAT_WINDOW ? (lines[0]?.offset_seconds ?? 0) : Number.NEGATIVE_INFINITY;
  const shownGaps = gaps.filter((g) => g.offset_seconds <= seconds && g.offset_seconds >= first);
  const items: Item[] = lines.map((line) => ({ type: "line", line }));
  if (shownGaps.length === 0) return items;
  for (const gap of shownGaps) {
    // After the lines at its start: the gap begins once they were sent.
    let at = items.length;
    while (at > 0) {
      const before = items[at - 1] as Item;
      const offset = before.type === "line" ? before.line.offset_seconds : before.gap.offset_seconds;
      if (offset <= gap.offset_seconds) break;
      at--;
    }
    items.splice(at, 0, { type: "gap", gap });
  }
  return items;
}

/**
 * Following the newest line: the list scrolls to the bottom as lines come, until the viewer scrolls up;
 * then what it shows holds still (lines keep coming underneath) until "Jump to latest", a seek, or a
 * scroll back down.
 */
function useFollow(items: Item[], seconds: number) {
  const list = useRef<HTMLOListElement>(null);
  const [following, setFollowing] = useState(true);
  const [held, setHeld] = useState<Item[]>([]);
  const shown = following ? items : held;

  // Where the list was put at the bottom last: a scrollTop above it is the viewer scrolling up, which
  // `onScroll` is about to hear of, so a render in between does not pull the list back down.
  const pinned = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = list.current;
    if (!following || !el) return;
    const bottom = el.scrollHeight - el.clientHeight;
    if (pinned.current !== null && el.scrollTop < Math.min(pinned.current, bottom) - 2) return;
    el.scrollTop = el.scrollHeight;
    pinned.current = el.scrollTop;
  });
  const jump = () => {
    pinned.current = null;
    setFollowing(true);
  };

  // A seek (a jump back, or forward more than a few seconds) shows the new moment.
  const previous = useRef(seconds);
  useEffect(() => {
    const jumped = seconds < previous.current - 1 || seconds > previous.current + 5;
    previous.current = seconds;
    if (jumped) {
      pinned.current = null;
      setFollowing(true);
    }
  }, [seconds]);

  return {
    list,
    shown,
    following,
    onScroll: () => {
      const el = list.current;
      if (!el) return;
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
      if (atBottom === following) return;
      if (atBottom) jump();
      else {
        setHeld(items);
        setFollowing(false);
      }
    },
    jump,
  };
}
