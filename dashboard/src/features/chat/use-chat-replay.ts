import { useEffect, useMemo, useReducer, useState } from "react";
import { trpcClient } from "@/lib/trpc";
import { BUFFER_LIMITS, ChatBuffer } from "./chat-buffer";
import type { ChatLine } from "./types";

/** How many lines the panel renders: the newest at the playhead, scroll-back above them. */
export const CHAT_WINDOW = BUFFER_LIMITS.before;

/**
 * The chat lines to show at `seconds` on the video's timeline: the last CHAT_WINDOW lines at or before it.
 * Pages are fetched ahead while playback advances, and around the new time after a seek; a recording in
 * progress (`growing`) is asked for new lines every few seconds. A failed page is asked again (`failing`
 * says so meanwhile).
 */
export function useChatReplay(videoId: number, seconds: number, growing: boolean) {
  // One per video: the panel is keyed by it.
  const [buffer] = useState(() => new ChatBuffer<ChatLine>());
  // Bumped when a page answers (the buffer is mutable), and once a second while a retry or a recheck of
  // a growing chat may be due though the playhead stands still (paused).
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version and tick are the triggers to ask again
  useEffect(() => {
    for (const request of buffer.requests(seconds, Date.now(), growing)) {
      trpcClient.chat.page
        .query({
          video_id: videoId,
          offset_seconds: request.offset_seconds,
          limit: request.limit,
          direction: request.direction,
        })
        .then(
          (answer) => buffer.receive(request, answer, Date.now()),
          (error: unknown) => {
            console.warn("chat page failed", error);
            buffer.failed(request, Date.now());
          },
        )
        .finally(bump);
    }
  }, [buffer, videoId, seconds, growing, version, tick]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version marks the buffer's changes
  const lines = useMemo(() => buffer.visible(seconds, CHAT_WINDOW), [buffer, seconds, version]);
  return { lines, loading: buffer.loading && lines.length === 0, failing: buffer.failing };
}
