import type { EventBus } from "../bus/bus.ts";
import { captureLine } from "../chat/capture-line.ts";
import type { ChatCaptureStore } from "../chat/chat-capture.service.ts";
import { ChatCapture } from "../chat/chat-capture.service.ts";
import type { ResolvedConfig } from "../config/index.ts";
import type { Repository } from "../db/repository.ts";
import type { Clock } from "../lib/clock.ts";
import { systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { TwitchEndpoints } from "../twitch/endpoints.ts";
import { ChatConnection } from "../twitch/irc/chat-connection.ts";

/** A recording's chat in the database: which channel, whether its schedule wants chat, the writes. */
function chatStore(
  repo: Pick<Repository, "chat" | "videos" | "channels" | "schedules">,
  enabled: boolean,
): ChatCaptureStore {
  return {
    async target(videoId) {
      const video = await repo.videos.getById(videoId);
      if (!video) return null;
      const channel = await repo.channels.getById(video.broadcaster_id);
      if (!channel) return null;
      // Started by hand (no schedule): chat as the config says; else as the schedule that started it.
      const schedule = video.trigger_schedule_id
        ? await repo.schedules.getById(video.trigger_schedule_id)
        : null;
      return { login: channel.broadcaster_login, record_chat: enabled && (schedule?.record_chat ?? true) };
    },
    async lastLine(videoId) {
      const { lines } = await repo.chat.page(videoId, {
        offsetMs: Number.MAX_SAFE_INTEGER,
        limit: 1,
        direction: "before",
      });
      const last = lines.at(-1);
      return last ? { sent_at_ms: last.sent_at_ms, offset_ms: last.offset_ms } : null;
    },
    async write(videoId, flush) {
      if (flush.messages.length) {
        await repo.chat.insertMessages(videoId, flush.messages, { mayRepeat: flush.retry });
      }
      if (flush.deletions.length) await repo.chat.markDeleted(videoId, flush.deletions);
      for (const gap of flush.gaps) {
        await repo.chat.addGap(videoId, {
          reason: gap.reason,
          started_at: new Date(gap.started_at_ms).toISOString(),
          ended_at: new Date(gap.ended_at_ms).toISOString(),
          offset_ms: gap.offset_ms,
          duration_ms: gap.duration_ms,
        });
      }
    },
  };
}

/**
 * Chat capture and the one socket it reads through (opened at the first recording's join). Following the
 * recorder from now on; `stop` writes what is waiting and closes the socket.
 */
export function startChatCapture(deps: {
  config: Pick<ResolvedConfig, "chat">;
  endpoints: Pick<TwitchEndpoints, "irc">;
  repo: Pick<Repository, "chat" | "videos" | "channels" | "schedules">;
  bus: EventBus<RecorderEvents>;
  log: Logger;
  clock?: Clock;
}): { capture: ChatCapture; stop(): Promise<void> } {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ module: "chat" });
  let capture: ChatCapture | null = null;
  const connection = new ChatConnection({
    url: deps.endpoints.irc,
    log,
    clock,
    events: {
      onMessage(login, message, receivedAtMs) {
        const event = captureLine(message, receivedAtMs);
        if (event) capture?.event(login, event, receivedAtMs);
      },
      onDown: (logins, reason, atMs) => capture?.down(logins, reason, atMs),
      onUp: (logins, atMs) => capture?.up(logins, atMs),
    },
  });
  capture = new ChatCapture({
    store: chatStore(deps.repo, deps.config.chat.enabled),
    socket: connection,
    bus: deps.bus,
    clock,
    log,
    settings: { enabled: deps.config.chat.enabled },
  });
  capture.start();
  return {
    capture,
    async stop() {
      await capture?.stop();
      await connection.close();
    },
  };
}
