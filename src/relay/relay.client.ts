import { z } from "zod";
import type { RelayCursorRepository } from "../db/repos/relay-cursors.repo.ts";
import type { EventSink } from "../domain/ops.ts";
import { sleep } from "../lib/sleep.ts";
import type { Logger } from "../log/logger.ts";
import { BacklogLog } from "./backlog.ts";
import { Backoff, type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.ts";
import { redactToken } from "./relay-urls.ts";

/** One EventSub delivery as the relay sends it (see relay/README.md). */
const frameSchema = z.object({
  id: z.string().min(1),
  cursor: z.number().int().nonnegative(),
  ts: z.number(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  requires_response: z.boolean(),
});
type Frame = z.infer<typeof frameSchema>;

/** Marks a request as replayed from the relay (the request log leaves those to the relay client's log). */
export const RELAY_MARKER_HEADER = "x-replayd-relay";
/** Headers of the relay's own hop, not Twitch's: never replayed. */
const SKIPPED = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "upgrade",
  "keep-alive",
  "cf-connecting-ip",
  "cf-ipcountry",
  "cf-ray",
  "cf-visitor",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-real-ip",
]);
const MAX_ANSWER_BYTES = 64 * 1024;
/** An event that waited in the relay longer than this was backlog (the server was away). */
const BACKLOG_LAG_MS = 5000;

export interface RelayClientOptions {
  subscribeUrl: string;
  /** Sent as `Authorization: Bearer` on the upgrade: the relay opens the events to nobody else. */
  subscribeKey: string;
  localCallback: string;
  /** The cursor table's name for this relay and token. */
  relayKey: string;
  cursors: RelayCursorRepository;
  log: Logger;
  /** The event log: connected, and each connection lost with why. */
  events?: EventSink;
  backoff?: BackoffPolicy;
  /** A ping this often; no sign of life for `deadAfterMs` ends the session. */
  pingIntervalMs?: number;
  deadAfterMs?: number;
  /** How long the local receiver gets to answer a replayed frame (default 7 s). */
  dispatchTimeoutMs?: number;
}

/**
 * The server end of the relay: dials the relay's WebSocket (resuming after the cursor stored in the
 * database), replays every event as a POST to our own webhook receiver on loopback, answers each with a
 * dispatch_result, and stores the cursor once the receiver has settled the event. A failure of ours (the
 * receiver answering 5xx, or not in time) ends the session without moving the cursor, so the relay sends
 * the event again on the next connection; the receiver's dedupe (Twitch's message id) keeps the effects
 * exactly-once. A frame the receiver refuses as invalid (4xx: a forged signature, too old, malformed) is
 * settled, logged and passed: sending it again would be refused again, and would hold back every genuine
 * event queued behind it.
 */
export class RelayClient {
  private readonly stopping = new AbortController();
  private readonly backoff: Backoff;
  private readonly backlog: BacklogLog;
  private running: Promise<void> | null = null;
  private current: WebSocket | null = null;
  private settleReady: (connected: boolean) => void = () => {};
  /** true on the first successful connection; false if the client stops before one. */
  readonly ready = new Promise<boolean>((resolve) => {
    this.settleReady = resolve;
  });
  /** Sessions opened so far (tests read it). */
  sessions = 0;

  constructor(private readonly options: RelayClientOptions) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.backlog = new BacklogLog(options.log);
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.settleReady(false);
    this.current?.close(1000, "server stopping");
    await this.running;
    this.backlog.flush();
  }

  /** Whether a session's WebSocket is open now. */
  get connected(): boolean {
    return this.current !== null;
  }

  /** Drops the current connection as a network failure would (for tests and diagnostics). */
  dropConnection(): void {
    this.current?.close(4000, "dropped");
  }

  private async loop(): Promise<void> {
    const { log } = this.options;
    while (!this.stopping.signal.aborted) {
      const started = Date.now();
      let reason = "";
      try {
        reason = await this.session();
      } catch (err) {
        reason = (err as Error).message;
      }
      this.backlog.flush();
      if (this.stopping.signal.aborted) break;
      const delay = this.backoff.next(Date.now() - started);
      log.warn({ reason, retry_in_ms: delay }, "relay connection ended; reconnecting");
      await this.options.events?.write({
        domain: "relay",
        event_type: "disconnected",
        severity: "warn",
        message: `relay connection lost (${reason || "closed"}); reconnecting in ${Math.round(delay / 1000)} s`,
        data: { reason, retry_in_ms: delay },
      });
      await sleep(delay, this.stopping.signal);
    }
  }

  /** One connection, until it closes, fails, goes silent, or a dispatch fails. Resolves with why it ended. */
  private async session(): Promise<string> {
    const { options } = this;
    const cursor = await options.cursors.get(options.relayKey);
    const url = cursor > 0 ? `${options.subscribeUrl}?cursor=${cursor}` : options.subscribeUrl;
    // Bun's WebSocket takes headers: the key travels in the upgrade request, never in the URL.
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${options.subscribeKey}` },
    } as unknown as string[]);
    this.current = socket;
    let opened = false;
    let lastHeard = Date.now();
    let failed: string | null = null;
    let ended = false;
    let chain = Promise.resolve();

    return new Promise<string>((resolve) => {
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      const end = (why: string) => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        if (this.current === socket) this.current = null;
        try {
          socket.close(why === "heartbeat lost" ? 4001 : 1000, why.slice(0, 100));
        } catch {
          // already closed
        }
        // The frame being replayed finishes first and stores its cursor: the next session must not ask
        // for it again. Frames queued behind it are left to that session.
        void chain.then(() => resolve(why));
      };
      socket.addEventListener("open", () => {
        opened = true;
        this.sessions++;
        lastHeard = Date.now();
        options.log.info(
          { relay: redactToken(options.subscribeUrl), cursor, session: this.sessions },
          "relay connected",
        );
        this.settleReady(true);
        void options.events?.write({
          domain: "relay",
          event_type: "connected",
          severity: "info",
          message: `relay connected (session ${this.sessions}, resuming after cursor ${cursor})`,
          data: { session: this.sessions, cursor },
        });
        heartbeat = setInterval(() => {
          if (Date.now() - lastHeard > (options.deadAfterMs ?? 15_000)) return end("heartbeat lost");
          try {
            socket.send("ping");
          } catch {
            end("could not send a ping");
          }
        }, options.pingIntervalMs ?? 10_000);
      });
      socket.addEventListener("message", (event) => {
        lastHeard = Date.now();
        const data = typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data);
        if (data === "pong") return;
        const receivedAt = Date.now();
        // One at a time, in order: the cursor must never pass an event the receiver has not taken.
        chain = chain.then(async () => {
          if (failed || ended) return;
          let problem: string | null;
          try {
            problem = await this.handle(socket, data, receivedAt);
          } catch (err) {
            // The cursor could not be stored: the relay sends the event again on the next session.
            problem = `could not store the relay cursor: ${(err as Error).message}`;
          }
          if (problem) {
            failed = problem;
            end(problem);
          }
        });
      });
      socket.addEventListener("close", (event) => end(failed ?? `closed (${event.code} ${event.reason})`));
      socket.addEventListener("error", () => end(failed ?? "connection error"));
    }).then(async (why) => (opened ? why : `${why}${await this.refusal()}`));
  }

  /**
   * Why the relay refused the upgrade, when it did: a WebSocket error carries no status, so one plain GET
   * (no upgrade) to the same URL asks. The relay checks the token and the key before the upgrade.
   */
  private async refusal(): Promise<string> {
    const { subscribeUrl, subscribeKey } = this.options;
    try {
      const res = await fetch(subscribeUrl.replace(/^ws/, "http"), {
        headers: { authorization: `Bearer ${subscribeKey}` },
        redirect: "manual",
        signal: AbortSignal.timeout(5_000),
      });
      await res.body?.cancel();
      if (res.status === 401) return ": the relay refused the subscribe key (check RELAY_SUBSCRIBE_KEY)";
      if (res.status === 403) return ": the relay does not know this token (check RELAY_INGEST_URL)";
      if (res.status === 503)
        return ": the relay is not configured or its token check is down (relay/README.md)";
      if (res.status !== 426) return `: the relay answered ${res.status}`;
      return "";
    } catch {
      return "";
    }
  }

  /** Replays one frame; resolves with a reason to end the session, or null. */
  private async handle(socket: WebSocket, data: string, receivedAt: number): Promise<string | null> {
    const { options } = this;
    let frame: Frame;
    try {
      frame = frameSchema.parse(JSON.parse(data));
    } catch {
      // Nothing to replay and no cursor to move: passed, so it cannot stall the events behind it.
      options.log.warn({ bytes: data.length }, "the relay sent a frame that is not an event; passed");
      return null;
    }
    const started = performance.now();
    const answer = await this.dispatch(frame);
    try {
      socket.send(
        JSON.stringify({
          type: "dispatch_result",
          id: frame.id,
          status: answer.status,
          headers: answer.headers,
          body: answer.body.toString("base64"),
        }),
      );
    } catch {
      // The relay went away; the cursor decides what it sends again.
    }
    const ok = answer.status >= 200 && answer.status < 400;
    const type =
      frame.headers["twitch-eventsub-subscription-type"] ??
      frame.headers["twitch-eventsub-message-type"] ??
      "";
    if (!ok && !refusedAsInvalid(answer.status)) {
      options.log.warn(
        { id: frame.id, cursor: frame.cursor, status: answer.status, type },
        "relayed webhook failed",
      );
      return `the local receiver answered ${answer.status}`;
    }
    if (!ok) {
      options.log.warn(
        { id: frame.id, cursor: frame.cursor, status: answer.status, type },
        "relayed webhook refused by the receiver (forged, too old or malformed); passed",
      );
    }
    if (frame.cursor > 0) await options.cursors.advance(options.relayKey, frame.cursor);
    if (!frame.requires_response && receivedAt - frame.ts > BACKLOG_LAG_MS) {
      this.backlog.add(frame.ts, receivedAt, type);
    } else {
      this.backlog.flush();
      options.log.debug(
        {
          id: frame.id,
          cursor: frame.cursor,
          status: answer.status,
          type,
          ms: Math.round(performance.now() - started),
        },
        "webhook relayed",
      );
    }
    return null;
  }

  /** POSTs the event to our own receiver, exactly as Twitch sent it, plus the relay marker. */
  private async dispatch(
    frame: Frame,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(frame.headers)) {
      if (!SKIPPED.has(name.toLowerCase())) headers.set(name, value);
    }
    headers.set(RELAY_MARKER_HEADER, "1");
    try {
      const res = await fetch(this.options.localCallback, {
        method: "POST",
        headers,
        body: Buffer.from(frame.body, "base64"),
        redirect: "manual",
        // Under the relay's 8 s wait for a challenge's answer, so a slow receiver fails here, visibly.
        signal: AbortSignal.timeout(this.options.dispatchTimeoutMs ?? 7_000),
      });
      const body = Buffer.from(await res.arrayBuffer()).subarray(0, MAX_ANSWER_BYTES);
      const answerHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (!SKIPPED.has(name)) answerHeaders[name] = value;
      });
      return { status: res.status, headers: answerHeaders, body };
    } catch (err) {
      return { status: 502, headers: {}, body: Buffer.from((err as Error).message) };
    }
  }
}

/**
 * The receiver refused the frame itself (4xx): asking again gives the same answer. A timeout (408) or a
 * rate limit (429) says "later", like a 5xx.
 */
export function refusedAsInvalid(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
