// The Twitch simulator in its own process (so its CPU never counts against what is measured, and is
// measured on its own), with the control calls the scenarios need.

import { join } from "node:path";
import type { Subprocess } from "bun";

const root = join(import.meta.dir, "..", "..");

export interface LedgerSegment {
  sequence: number;
  kind: "content" | "ad";
  listed: boolean;
  fetches: number;
}

export interface SimProcess {
  proc: Subprocess<"ignore", "pipe", "inherit">;
  pid: number;
  url: string;
  control(path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Creates the simulated user (and channel) if it does not exist yet. */
  ensureUser(login: string): Promise<void>;
  /** Goes live; returns the new stream's id. */
  live(login: string, options: Record<string, unknown>): Promise<string>;
  offline(login: string): Promise<void>;
  /** The source rendition's media playlist URL, through GQL and usher as a Twitch client gets it. */
  mediaPlaylistUrl(login: string): Promise<string>;
  ledger(login: string, streamId: string): Promise<LedgerSegment[]>;
  /** The simulated clock, in ms. */
  now(): Promise<number>;
  /** The newest segment of each live channel's stream (by login; -1 before the first). */
  sequences(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

export async function startSimulator(
  options: { warp?: number; seed?: number; fixture?: boolean } = {},
): Promise<SimProcess> {
  const argv = [process.execPath, "src/main.ts", "sim", "--port", "0", "--seed", String(options.seed ?? 1)];
  if (options.warp && options.warp !== 1) argv.push("--warp", String(options.warp));
  if (!options.fixture) argv.push("--no-fixture");
  const proc = Bun.spawn(argv, {
    cwd: root,
    env: { ...process.env, LOG_FORMAT: "json", LOG_LEVEL: "info" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  const url = await readyUrl(proc);
  const control = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const known = new Set<string>();
  return {
    proc,
    pid: proc.pid,
    url,
    control,
    async ensureUser(login) {
      if (known.has(login)) return;
      const res = await fetch(`${url}/sim/users`, { method: "POST", body: JSON.stringify({ login }) });
      // 409: it exists already (the fixture's channels, or an earlier run).
      if (!res.ok && res.status !== 409)
        throw new Error(`simulator /users: ${res.status} ${await res.text()}`);
      known.add(login);
    },
    async live(login, body) {
      const channel = (await control(`/channels/${login}/live`, body)) as {
        session: { stream_id: string } | null;
      };
      if (!channel.session) throw new Error(`simulator: ${login} did not go live`);
      return channel.session.stream_id;
    },
    async offline(login) {
      await control(`/channels/${login}/offline`, { end: "endlist" });
    },
    mediaPlaylistUrl: (login) => mediaPlaylistUrl(url, login),
    async ledger(login, streamId) {
      const res = await fetch(`${url}/sim/channels/${login}/segments?stream_id=${streamId}`);
      if (!res.ok) throw new Error(`simulator ledger of ${login}: ${res.status}`);
      return ((await res.json()) as { segments: LedgerSegment[] }).segments;
    },
    async now() {
      return Date.parse(((await (await fetch(`${url}/sim/state`)).json()) as { now: string }).now);
    },
    async sequences() {
      const state = (await (await fetch(`${url}/sim/state`)).json()) as {
        channels: { login: string; session: { current_sequence: number; ended: unknown } | null }[];
      };
      return new Map(
        state.channels
          .filter((c) => c.session && !c.session.ended)
          .map((c) => [c.login, c.session?.current_sequence ?? -1]),
      );
    },
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

async function readyUrl(proc: Subprocess<"ignore", "pipe", "inherit">): Promise<string> {
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const timeout = setTimeout(() => proc.kill(), 20_000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*twitch simulator is ready/.exec(buffer);
      if (match) {
        // Keep draining the log so the pipe never fills and blocks the simulator.
        void (async () => {
          while (!(await reader.read()).done) {}
        })();
        return match[1] as string;
      }
    }
  } finally {
    clearTimeout(timeout);
  }
  throw new Error(`the simulator did not start:\n${buffer}`);
}

/** GQL token → usher master → the 1080p (else first) variant's media playlist URL. */
export async function mediaPlaylistUrl(simUrl: string, login: string): Promise<string> {
  const gql = (await (
    await fetch(`${simUrl}/gql`, {
      method: "POST",
      body: JSON.stringify({
        query: `{ streamPlaybackAccessToken(channelName: "${login}", params: {platform: "web", playerBackend: "mediaplayer", playerType: "site"}) { value signature } }`,
      }),
    })
  ).json()) as { data: { streamPlaybackAccessToken: { value: string; signature: string } } };
  const { value, signature } = gql.data.streamPlaybackAccessToken;
  const master = await (
    await fetch(
      `${simUrl}/api/channel/hls/${login}.m3u8?${new URLSearchParams({ token: value, sig: signature })}`,
    )
  ).text();
  const lines = master.split("\n");
  const at = lines.findIndex((l) => l.includes("RESOLUTION=1920x1080"));
  const variant = lines[(at >= 0 ? at : lines.findIndex((l) => l.startsWith("#EXT-X-STREAM-INF"))) + 1];
  if (!variant?.startsWith("http")) throw new Error(`usher gave no variant for ${login}:\n${master}`);
  return variant;
}
