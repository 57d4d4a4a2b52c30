import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useTheme } from "@/lib/theme";
import { useTRPC } from "@/lib/trpc";
import { withGaps } from "../chat-items";
import { type Playhead, usePlayheadSeconds } from "../playhead";
import { CHAT_WINDOW, useChatReplay } from "../use-chat-replay";
import { useFollowLatest } from "../use-follow-latest";
import { ChatExportLinks } from "./chat-export-links";
import { type ChatLineContext, ChatLineView } from "./chat-line";
import { ChatPanelHeader } from "./chat-panel-header";
import { ChatSearch } from "./chat-search";
import { ChatGapView } from "./chat-system-text";

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
  const { t } = useTranslation();
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
    () => withGaps(lines, summary.data?.gaps ?? [], seconds, CHAT_WINDOW),
    [lines, summary.data, seconds],
  );
  const follow = useFollowLatest(items, seconds);
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
      <ChatPanelHeader view={view} count={count} onView={setView} onHide={onHide} />
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
      <ChatExportLinks videoId={videoId} />
    </section>
  );
}
