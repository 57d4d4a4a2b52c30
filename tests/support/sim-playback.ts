import { createLogger } from "../../src/log/logger.ts";
import { createClock, type SimClock } from "../../src/sim/clock.ts";
import { PLAYBACK_ACCESS_TOKEN_HASH } from "../../src/sim/gql.request.ts";
import { createSimulator, startSimulator } from "../../src/sim/server.ts";

/**
 * The simulator with a hand-stepped clock (or, with `{warp}`, one that runs by itself that much faster than
 * real time, for timers such as reconnects), in-process (Hono's app.request, no sockets) or, with
 * `{http: true}`, served on a loopback port and called with fetch; plus the client steps every playback
 * test repeats: a GQL token, an usher master, its media playlists, a parsed view of a media playlist.
 * `stop()` ends it (and its server).
 */

const log = createLogger({ level: "fatal", format: "json" });

export function manualClock(start = Date.UTC(2026, 0, 1, 12)): SimClock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    warp: 1,
    realDelayUntil: (at) => Math.max(0, at - now),
    advance(ms) {
      now += ms;
    },
  };
}

/** A warped clock that runs by itself: stepping it by hand is a test bug. */
function runningClock(warp: number): SimClock & { advance(ms: number): void } {
  return {
    ...createClock(warp),
    advance() {
      throw new Error("this simulator's clock runs by itself (warp); wait for what you need instead");
    },
  };
}

export function playbackSim(seed = 42, options: { http?: boolean; warp?: number } = {}) {
  const clock = options.warp ? runningClock(options.warp) : manualClock();
  const server = options.http ? startSimulator({ log, seed, clock, port: 0 }) : null;
  const sim = server ?? createSimulator({ log, seed, clock });
  const { app, ctx } = sim;

  const call = async (path: string, init: RequestInit = {}) =>
    server ? fetch(`${server.url}${path}`, init) : app.request(path, init);
  const stop = async () => (server ? server.stop() : sim.close());
  const control = async (path: string, body: unknown = {}) => {
    const res = await call(`/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  async function gql(body: unknown, headers: Record<string, string> = {}) {
    const res = await call("/gql", { method: "POST", body: JSON.stringify(body), headers });
    // biome-ignore lint/suspicious/noExplicitAny: tests walk GQL answers of many shapes
    return { status: res.status, json: (await res.json()) as any };
  }

  /** A live token the way streamlink asks for one (persisted query). */
  async function token(login: string, headers: Record<string, string> = {}) {
    const { json } = await gql(persistedTokenQuery(login), headers);
    const t = json.data?.streamPlaybackAccessToken;
    if (!t) throw new Error(`no token for ${login}: ${JSON.stringify(json)}`);
    return { value: t.value as string, signature: t.signature as string };
  }

  async function master(login: string, params: Record<string, string> = {}, version: "v1" | "v2" = "v1") {
    const t = params.token === undefined ? await token(login) : null;
    const query = new URLSearchParams({ allow_source: "true", allow_audio_only: "true", ...params });
    if (t) {
      query.set("token", t.value);
      query.set("sig", t.signature);
    }
    const path = version === "v1" ? `/api/channel/hls/${login}.m3u8` : `/api/v2/channel/hls/${login}.m3u8`;
    const res = await call(`${path}?${query}`);
    const text = await res.text();
    return {
      status: res.status,
      text,
      contentType: res.headers.get("content-type"),
      playlists: variantPaths(text),
    };
  }

  async function mediaPlaylist(path: string) {
    const res = await call(path);
    const text = await res.text();
    return { status: res.status, text, playlist: res.ok ? parseMediaPlaylist(text) : null };
  }

  /** Goes live, steps the clock past `segments` segments, and opens the media playlist of `rendition`. */
  async function live(
    login: string,
    body: Record<string, unknown>,
    segments: number,
    rendition?: string,
    usher: Record<string, string> = {},
  ) {
    await control(`/channels/${login}/live`, body);
    clock.advance(segments * ((body.segment_seconds as number | undefined) ?? 2) * 1000);
    const m = await master(login, usher);
    const name = rendition ?? [...m.playlists.keys()][0] ?? "";
    const path = m.playlists.get(name);
    if (!path) throw new Error(`no ${name} in ${m.text}`);
    return { master: m, path };
  }

  return { sim, ctx, clock, call, control, gql, token, master, mediaPlaylist, live, stop };
}

export function persistedTokenQuery(login: string) {
  return {
    operationName: "PlaybackAccessToken",
    extensions: { persistedQuery: { version: 1, sha256Hash: PLAYBACK_ACCESS_TOKEN_HASH } },
    variables: { isLive: true, login, isVod: false, vodID: "", playerType: "embed", platform: "site" },
  };
}

/** Rendition name → path of its media playlist (origin dropped), from a v1 or v2 master. */
export function variantPaths(master: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = master.split("\n");
  lines.forEach((line, i) => {
    if (!line.startsWith("#EXT-X-STREAM-INF")) return;
    const name = /STABLE-VARIANT-ID="([^"]+)"/.exec(line)?.[1] ?? /VIDEO="([^"]+)"/.exec(line)?.[1] ?? "";
    const uri = lines[i + 1] ?? "";
    const resolved = name === "chunked" ? (/NAME="([^" ]+)/.exec(lines[i - 1] ?? "")?.[1] ?? name) : name;
    out.set(resolved, uri.replace(/^https?:\/\/[^/]+/, ""));
  });
  return out;
}

export interface ParsedSegment {
  uri: string;
  path: string;
  title: string;
  duration: number;
  date: string | null;
  discontinuity: boolean;
  map: string | null;
  dateranges: string[];
}

/**
 * Enough of an m3u8 parser for assertions: header tags, and per segment the tags before it (the header
 * DATERANGEs land on the first segment).
 */
export function parseMediaPlaylist(text: string) {
  const tags = new Map<string, string>();
  const segments: ParsedSegment[] = [];
  const prefetch: string[] = [];
  let pending: Omit<ParsedSegment, "uri" | "path"> = fresh();
  for (const line of text.split("\n")) {
    if (!line) continue;
    if (!line.startsWith("#")) {
      segments.push({ ...pending, uri: line, path: line.replace(/^https?:\/\/[^/]+/, "") });
      pending = fresh();
      continue;
    }
    const [tag, ...rest] = line.split(":");
    const value = rest.join(":");
    if (tag === "#EXTINF") {
      const [duration, ...title] = value.split(",");
      pending.duration = Number(duration);
      pending.title = title.join(",");
    } else if (tag === "#EXT-X-PROGRAM-DATE-TIME") pending.date = value;
    else if (tag === "#EXT-X-DISCONTINUITY") pending.discontinuity = true;
    else if (tag === "#EXT-X-DATERANGE") pending.dateranges.push(value);
    else if (tag === "#EXT-X-MAP") pending.map = /URI="([^"]+)"/.exec(value)?.[1] ?? null;
    else if (tag === "#EXT-X-TWITCH-PREFETCH") prefetch.push(value);
    else if (tag) tags.set(tag, value);
  }
  return { tags, segments, prefetch, endlist: tags.has("#EXT-X-ENDLIST") };
}

function fresh(): Omit<ParsedSegment, "uri" | "path"> {
  return { title: "", duration: 0, date: null, discontinuity: false, map: null, dateranges: [] };
}
