import { DurableObject } from "cloudflare:workers";
import { type RelayEnv, type RelaySettings, readSettings } from "./env.ts";
import {
  type DispatchResult,
  type EventFrame,
  parseDispatchResult,
  responseFromResult,
  text,
} from "./frames.ts";

interface Pending {
  socket: WebSocket;
  resolve: (result: DispatchResult) => void;
}

/** Kept on each socket (survives hibernation): when the subscriber last showed it was alive. */
interface SocketState {
  lastSeen: number;
  /** The front door checked its subscribe key: only such a socket is handed a verification challenge. */
  verified: boolean;
}

/** Set by the front door (never by a caller: it overwrites it) on a subscribe request it authenticated. */
export const VERIFIED_SUBSCRIBER_HEADER = "x-replayd-verified-subscriber";

interface EventRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  ts: number;
  headers: string;
  body: string;
}

const VERIFICATION = "webhook_callback_verification";

/**
 * One per token: the token's 5-minute buffer (SQLite storage, pruned on ingest and by alarm) and its
 * subscribers (hibernatable WebSockets). Only the message-type header is ever looked at.
 */
export class RelayBuffer extends DurableObject<RelayEnv> {
  /** From the environment; tests lower the caps of one buffer. */
  settings: RelaySettings;
  /** Verification challenges waiting for their subscriber's answer (the HTTP request stays open). */
  private readonly pending = new Map<string, Pending>();
  /** The buffer's clock; tests move it to age events without waiting five minutes. */
  now: () => number = () => Date.now();
  /** Ingest allowance (a token bucket, in memory: an evicted object starts with a full one). */
  private allowance: { left: number; at: number } | null = null;

  constructor(ctx: DurableObjectState, env: RelayEnv) {
    super(ctx, env);
    this.settings = readSettings(env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS events (
         seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL,
         headers TEXT NOT NULL, body TEXT NOT NULL)`,
    );
    ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS events_ts ON events (ts)");
    // Heartbeats are answered without waking the object; their time is read back when checking liveness.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** POST /u/{token}: buffers and broadcasts a notification, or relays a verification to one subscriber. */
  async ingest(headers: Record<string, string>, body: string): Promise<Response> {
    const ts = this.now();
    const id = crypto.randomUUID();
    this.prune(ts);
    const wait = this.spendAllowance(ts);
    if (wait > 0) return tooMany("relay rate limit for this token", wait);
    if (headers["twitch-eventsub-message-type"] === VERIFICATION) return this.verify(id, ts, headers, body);
    const encodedHeaders = JSON.stringify(headers);
    if (this.wouldOverflow(encodedHeaders.length + body.length)) {
      return tooMany("relay buffer full for this token", 60_000);
    }

    const row = this.ctx.storage.sql
      .exec<{ seq: number }>(
        "INSERT INTO events (id, ts, headers, body) VALUES (?, ?, ?, ?) RETURNING seq",
        id,
        ts,
        encodedHeaders,
        body,
      )
      .one();
    const frame: EventFrame = { id, cursor: row.seq, ts, headers, body, requires_response: false };
    const message = JSON.stringify(frame);
    const sockets = this.ctx.getWebSockets();
    for (const socket of sockets) {
      try {
        socket.send(message);
      } catch {
        // A socket that cannot take it replays from its cursor when it reconnects.
      }
    }
    await this.scheduleAlarm();
    return text(sockets.length > 0 ? "ok\n" : "accepted, no subscriber connected\n", 202);
  }

  /** GET /u/{token}/subscribe?cursor=N: a hibernatable WebSocket, first fed what it missed. */
  override async fetch(request: Request): Promise<Response> {
    if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") return text("not found\n", 404);
    if (request.headers.get(VERIFIED_SUBSCRIBER_HEADER) !== "1") return text("forbidden\n", 403);
    const now = this.now();
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ lastSeen: Date.now(), verified: true } satisfies SocketState);

    const cursor = this.resumePoint(new URL(request.url).searchParams.get("cursor"));
    const rows = this.ctx.storage.sql
      .exec<EventRow>(
        "SELECT seq, id, ts, headers, body FROM events WHERE seq > ? AND ts >= ? ORDER BY seq",
        cursor,
        now - this.settings.ttlMs,
      )
      .toArray();
    for (const row of rows) {
      const frame: EventFrame = {
        id: row.id,
        cursor: row.seq,
        ts: row.ts,
        headers: JSON.parse(row.headers) as Record<string, string>,
        body: row.body,
        requires_response: false,
      };
      server.send(JSON.stringify(frame));
    }
    await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const state = socket.deserializeAttachment() as SocketState | null;
    socket.serializeAttachment({
      lastSeen: Date.now(),
      verified: state?.verified === true,
    } satisfies SocketState);
    const result = parseDispatchResult(message);
    if (!result) return;
    const pending = this.pending.get(result.id);
    if (pending) {
      // Only the subscriber the challenge went to may answer it.
      if (pending.socket === socket) pending.resolve(result);
      return;
    }
    // A notification the server could not take: closing makes it reconnect and replay from its cursor.
    if (!(Number.isInteger(result.status) && result.status >= 200 && result.status <= 399)) {
      socket.close(1011, "dispatch failed");
    }
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    this.release(socket);
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    this.release(socket);
  }

  /** Prunes expired events and closes subscribers whose heartbeat stopped. */
  override async alarm(): Promise<void> {
    this.prune(this.now());
    const now = Date.now();
    for (const socket of this.ctx.getWebSockets()) {
      const state = socket.deserializeAttachment() as SocketState | null;
      const pinged = this.ctx.getWebSocketAutoResponseTimestamp(socket)?.getTime() ?? 0;
      const lastSeen = Math.max(state?.lastSeen ?? 0, pinged);
      if (now - lastSeen > this.settings.heartbeatTimeoutMs) {
        this.release(socket);
        try {
          socket.close(1011, "heartbeat timeout");
        } catch {
          // Already gone.
        }
      }
    }
    await this.scheduleAlarm();
  }

  private verify(id: string, ts: number, headers: Record<string, string>, body: string): Promise<Response> {
    const socket = this.ctx
      .getWebSockets()
      .find((s) => (s.deserializeAttachment() as SocketState | null)?.verified === true);
    if (!socket) return Promise.resolve(text("no relay subscriber connected\n", 503));
    const frame: EventFrame = { id, cursor: 0, ts, headers, body, requires_response: true };
    return new Promise<DispatchResult>((resolve) => {
      const timer = setTimeout(
        () => resolve(synthetic(id, 503, "relay dispatch timeout")),
        this.settings.verificationTimeoutMs,
      );
      this.pending.set(id, {
        socket,
        resolve: (result) => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(result);
        },
      });
      try {
        socket.send(JSON.stringify(frame));
      } catch {
        this.pending.get(id)?.resolve(synthetic(id, 503, "relay subscriber unavailable"));
      }
    }).then(responseFromResult);
  }

  /** Takes one post from the allowance; returns 0, or how many ms until the next post is allowed. */
  private spendAllowance(now: number): number {
    const perMinute = this.settings.ingestPerMinute;
    const state = this.allowance ?? { left: perMinute, at: now };
    state.left = Math.min(perMinute, state.left + ((now - state.at) * perMinute) / 60_000);
    state.at = now;
    this.allowance = state;
    if (state.left < 1) return Math.ceil(((1 - state.left) * 60_000) / perMinute);
    state.left -= 1;
    return 0;
  }

  /** Whether an event of `size` characters would take the token's buffer over its count or size cap. */
  private wouldOverflow(size: number): boolean {
    const held = this.ctx.storage.sql
      .exec<{ n: number; size: number }>(
        "SELECT count(*) AS n, coalesce(sum(length(headers) + length(body)), 0) AS size FROM events",
      )
      .one();
    return held.n + 1 > this.settings.maxEvents || held.size + size > this.settings.maxBytes;
  }

  /** A cursor beyond anything this buffer ever assigned comes from a wiped buffer: replay all of it. */
  private resumePoint(raw: string | null): number {
    const cursor = Number(raw ?? 0);
    if (!Number.isFinite(cursor) || cursor < 0) return 0;
    const last =
      this.ctx.storage.sql
        .exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        .toArray()[0]?.seq ?? 0;
    return cursor > last ? 0 : cursor;
  }

  private release(socket: WebSocket): void {
    for (const pending of [...this.pending.values()]) {
      if (pending.socket === socket) pending.resolve(synthetic("", 503, "relay subscriber disconnected"));
    }
  }

  private prune(now: number): void {
    this.ctx.storage.sql.exec("DELETE FROM events WHERE ts < ?", now - this.settings.ttlMs);
  }

  /** Wakes for the oldest event's expiry, and every half heartbeat timeout while subscribers are connected. */
  private async scheduleAlarm(): Promise<void> {
    const oldest = this.ctx.storage.sql
      .exec<{ ts: number | null }>("SELECT min(ts) AS ts FROM events")
      .one().ts;
    const candidates: number[] = [];
    if (oldest !== null) candidates.push(Math.max(oldest + this.settings.ttlMs + 1000, this.now() + 1000));
    if (this.ctx.getWebSockets().length > 0)
      candidates.push(Date.now() + this.settings.heartbeatTimeoutMs / 2);
    if (candidates.length === 0) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const next = Math.min(...candidates);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < Date.now()) await this.ctx.storage.setAlarm(next);
  }
}

function tooMany(reason: string, waitMs: number): Response {
  return new Response(`${reason}\n`, {
    status: 429,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))),
    },
  });
}

function synthetic(id: string, status: number, body: string): DispatchResult {
  return { type: "dispatch_result", id, status, body: btoa(body) };
}
