import type { EventBus } from "../bus/bus.ts";
import type { ChatGapReason } from "../domain/chat.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { CaptureEvent } from "./capture-line.ts";
import { type ChatFlush, VideoChat } from "./video-chat.ts";

/** What chat capture needs of the database. */
export interface ChatCaptureStore {
  /** The recording's channel and whether its schedule wants chat; null when the video is gone. */
  target(videoId: number): Promise<{ login: string; record_chat: boolean } | null>;
  /** The newest stored line of the video (a resumed recording's chat starts after it). */
  lastLine(videoId: number): Promise<{ sent_at_ms: number; offset_ms: number } | null>;
  /** New lines (a line already stored is ignored), then deletions, then gaps. */
  write(videoId: number, flush: ChatFlush): Promise<void>;
}

/** The chat connection, as capture drives it (one socket, many channels). */
export interface ChatSocket {
  join(login: string): void;
  part(login: string): void;
}

export interface ChatCaptureSettings {
  /** Off: no socket is ever opened (`[chat] enabled`). */
  enabled: boolean;
  /** How often lines are written (ms). */
  flushMs: number;
  /** How long a line waits for the recording to reach its time before it is placed by projection. */
  holdMs: number;
  /** Lines one recording may keep waiting (the database away): beyond, the oldest are dropped. */
  maxPending: number;
}

export const DEFAULT_CHAT_CAPTURE: ChatCaptureSettings = {
  enabled: true,
  flushMs: 1000,
  holdMs: 20_000,
  maxPending: 100_000,
};

/**
 * Captures the chat of every recording whose schedule wants it: joins the channel when the recording
 * starts (before its first segment), places each line on the video's timeline as the recorder places
 * segments (`recording.placed`), writes them about once a second, and leaves when the recording is done
 * (after its rejoin window). Outages of the socket are gaps; a recording resumed after a restart has a
 * `restart` gap from its last stored line. A failed write keeps the lines for the next try.
 */
export class ChatCapture {
  private readonly byVideo = new Map<number, VideoChat>();
  private readonly videoOfJob = new Map<string, number>();
  private readonly joined = new Map<string, number>();
  private flushing: Promise<void> | null = null;
  /** The flush tick, running only while some recording's chat is captured. */
  private stopTick: (() => void) | null = null;
  private failing = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly deps: {
      store: ChatCaptureStore;
      socket: ChatSocket;
      bus: EventBus<RecorderEvents>;
      clock: Clock;
      log: Pick<Logger, "info" | "warn" | "error" | "debug">;
      settings?: Partial<ChatCaptureSettings>;
    },
  ) {}

  private get settings(): ChatCaptureSettings {
    return { ...DEFAULT_CHAT_CAPTURE, ...this.deps.settings };
  }

  /** Follows the recorder (`stop` ends it, with a last write). */
  start(): void {
    if (!this.settings.enabled) return;
    const { bus } = this.deps;
    this.unsubscribe.push(
      bus.on("recording.started", (e) => this.begin(e.job_id, e.video_id)),
      bus.on("recording.placed", (e) => this.byVideo.get(e.video_id)?.placed(e)),
      bus.on("recording.finished", (e) => {
        const videoId = this.videoOfJob.get(e.job_id);
        if (videoId !== undefined) this.track(this.end(e.job_id, videoId), "the chat's last lines");
      }),
    );
  }

  /** The recordings whose chat is being captured (video ids). */
  get capturing(): number[] {
    return [...this.byVideo.keys()];
  }

  /** A line from a channel's chat. */
  event(login: string, event: CaptureEvent, receivedAtMs: number): void {
    for (const chat of this.chatsOf(login)) {
      if (event.type === "delete") {
        chat.deleteMessage(event.msg_id, event.sent_at_ms);
        continue;
      }
      if (event.type === "clear_user") chat.clearUser(event.user_id, event.sent_at_ms);
      if (!chat.message(event.line, receivedAtMs)) {
        this.deps.log.warn(
          { video_id: chat.videoId },
          "chat lines dropped: too many waiting for the database",
        );
      }
    }
  }

  /** The socket went down for these channels. */
  down(logins: string[], reason: ChatGapReason, atMs: number): void {
    for (const login of logins) for (const chat of this.chatsOf(login)) chat.socketDown(reason, atMs);
  }

  /** The socket is back and these channels joined again. */
  up(logins: string[], atMs: number): void {
    for (const login of logins) for (const chat of this.chatsOf(login)) chat.socketUp(atMs);
  }

  /** Writes what every recording has waiting (placed as far as it can be) and stops following. */
  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    this.stopTick?.();
    this.stopTick = null;
    await this.flushing;
    const now = this.deps.clock.now();
    await Promise.all(
      [...this.byVideo.values()].map((chat) => this.write(chat, chat.take(now, true), "shutdown")),
    );
    this.byVideo.clear();
  }

  private begin(jobId: string, videoId: number): void {
    // Created at once: segments may be placed before the database answers below.
    const chat = new VideoChat(videoId, "", this.settings);
    this.byVideo.set(videoId, chat);
    this.videoOfJob.set(jobId, videoId);
    this.stopTick ??= this.deps.clock.every(this.settings.flushMs, () => {
      this.flushing ??= this.flushAll().finally(() => {
        this.flushing = null;
      });
    });
    this.track(
      (async () => {
        const target = await this.deps.store.target(videoId);
        if (!target?.record_chat) {
          this.forget(jobId, videoId);
          return;
        }
        chat.login = target.login;
        this.join(target.login);
        const last = await this.deps.store.lastLine(videoId);
        if (last !== null) {
          chat.resumeAfter(last.offset_ms);
          chat.gap("restart", last.sent_at_ms, this.deps.clock.now());
        }
        this.deps.log.debug({ video_id: videoId, channel: target.login }, "chat capture started");
      })(),
      "the chat capture's start",
    );
  }

  private async end(jobId: string, videoId: number): Promise<void> {
    const chat = this.byVideo.get(videoId);
    this.forget(jobId, videoId);
    if (!chat) return;
    await this.flushing;
    const flush = chat.take(this.deps.clock.now(), true);
    // The last lines get a few tries (a database restarting); the recording is over, nothing comes after.
    for (let attempt = 1; ; attempt++) {
      const saved = await this.write(chat, flush, attempt < 5 ? "retry" : "end");
      if (saved) return;
      await this.deps.clock.sleep(1000 * attempt);
    }
  }

  private forget(jobId: string, videoId: number): void {
    const chat = this.byVideo.get(videoId);
    this.byVideo.delete(videoId);
    this.videoOfJob.delete(jobId);
    if (chat?.login) this.leave(chat.login);
    if (this.byVideo.size === 0) {
      this.stopTick?.();
      this.stopTick = null;
    }
  }

  private async flushAll(): Promise<void> {
    const now = this.deps.clock.now();
    for (const chat of this.byVideo.values()) {
      if (!chat.login) continue;
      await this.write(chat, chat.take(now), "tick");
    }
  }

  /** Writes one flush; true when it was saved or given up on ("end", "shutdown"), false to try again. */
  private async write(
    chat: VideoChat,
    flush: ChatFlush,
    when: "tick" | "retry" | "end" | "shutdown",
  ): Promise<boolean> {
    if (!flush.messages.length && !flush.deletions.length && !flush.gaps.length) return true;
    try {
      await this.deps.store.write(chat.videoId, flush);
      if (this.failing) this.deps.log.info("chat lines are written again");
      this.failing = false;
      return true;
    } catch (err) {
      if (when === "retry") return false;
      if (when !== "tick") {
        this.deps.log.error(
          { err, video_id: chat.videoId, lost: flush.messages.length },
          "chat lines not saved",
        );
        return true;
      }
      const dropped = chat.putBack(flush);
      if (!this.failing || dropped > 0) {
        this.deps.log.warn(
          { err, video_id: chat.videoId, dropped },
          "chat lines not saved yet; trying again",
        );
      }
      this.failing = true;
      return false;
    }
  }

  private chatsOf(login: string): VideoChat[] {
    const chats: VideoChat[] = [];
    for (const chat of this.byVideo.values()) if (chat.login === login) chats.push(chat);
    return chats;
  }

  private join(login: string): void {
    const count = this.joined.get(login) ?? 0;
    this.joined.set(login, count + 1);
    if (count === 0) this.deps.socket.join(login);
  }

  private leave(login: string): void {
    const count = this.joined.get(login) ?? 0;
    if (count <= 1) {
      this.joined.delete(login);
      if (count === 1) this.deps.socket.part(login);
    } else this.joined.set(login, count - 1);
  }

  private track(work: Promise<void>, what: string): void {
    work.catch((err: unknown) => this.deps.log.error({ err }, `${what} failed`));
  }
}
