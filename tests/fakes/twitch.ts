import type { Variant } from "../../src/hls/master-playlist.ts";
import type { PlaybackApi } from "../../src/recorder/playback-session.ts";
import { PlaybackError } from "../../src/twitch/playback.client.ts";
import type { FakeClock } from "./clock.ts";
import { tsSegment } from "./media.ts";

const ORIGIN = "https://video.test";

interface Broadcast {
  id: string;
  startedAt: number;
  /** When it stopped making segments, and whether its playlist then says ENDLIST. */
  stoppedAt: number | null;
  endList: boolean;
}

/**
 * Twitch's playback as the recorder sees it, on a fake clock: a channel live (or not), its 1080p60
 * rendition, and a live media playlist whose window moves with the clock: one 2-second segment per 2
 * seconds, the last `window` listed, with program dates. Stopping it leaves the last window served
 * (frozen), with or without ENDLIST, as Twitch's edge does.
 */
export class FakeTwitch {
  readonly segmentSeconds = 2;
  /** Segment URLs fetched, in order. */
  readonly fetched: string[] = [];
  /** When the recorder asked for playback (a token), clock times in order. */
  readonly asked: number[] = [];
  private broadcast: Broadcast | null = null;
  private online = false;
  private hung = false;

  constructor(
    private readonly clock: FakeClock,
    private readonly window = 6,
  ) {}

  /** A broadcast starts now. */
  goLive(id = "b1"): void {
    this.broadcast = { id, startedAt: this.clock.now(), stoppedAt: null, endList: false };
    this.online = true;
  }

  /** The broadcast stops making segments; usher no longer gives playback, its playlist stays served. */
  stop(options: { endList?: boolean } = {}): void {
    if (!this.broadcast) throw new Error("not live");
    this.broadcast.stoppedAt = this.clock.now();
    this.broadcast.endList = options.endList ?? false;
    this.online = false;
  }

  /** Segment requests stop being answered (until the recorder gives up on them); the playlist goes on. */
  hangSegments(): void {
    this.hung = true;
  }

  /** Segments made so far by the current broadcast. */
  get made(): number {
    const b = this.broadcast;
    if (!b) return 0;
    const until = b.stoppedAt ?? this.clock.now();
    return Math.floor((until - b.startedAt) / (this.segmentSeconds * 1000));
  }

  readonly playback: PlaybackApi = {
    accessToken: async (login) => {
      this.asked.push(this.clock.now());
      if (!this.online) throw new PlaybackError("offline", `${login} has no live playback`);
      return { value: "token", signature: "sig", expiresAt: null, signedIn: false };
    },
    master: async () => {
      if (!this.online || !this.broadcast) throw new PlaybackError("offline", "offline");
      return {
        variants: [variant(`${ORIGIN}/${this.broadcast.id}/media.m3u8`)],
        broadcastId: this.broadcast.id,
      };
    },
  };

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const [, id, file] = url.pathname.split("/");
    const b = this.broadcast;
    if (!b || b.id !== id) return new Response("no such broadcast", { status: 404 });
    if (file === "media.m3u8") return new Response(this.playlist(b));
    const sequence = Number(file?.replace(".ts", ""));
    if (!Number.isInteger(sequence) || sequence >= this.made) return new Response("not yet", { status: 404 });
    if (this.hung) return never(init?.signal);
    this.fetched.push(url.pathname);
    return new Response(tsSegment(sequence * this.segmentSeconds, this.segmentSeconds));
  }) as typeof fetch;

  private playlist(b: Broadcast): string {
    const made = this.made;
    const first = Math.max(0, made - this.window);
    const lines = [
      "#EXTM3U",
      "#EXT-X-VERSION:3",
      `#EXT-X-TARGETDURATION:${this.segmentSeconds}`,
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
    ];
    for (let k = first; k < made; k++) {
      const date = new Date(b.startedAt + k * this.segmentSeconds * 1000).toISOString();
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${date}`, `#EXTINF:${this.segmentSeconds}.000,live`, `${k}.ts`);
    }
    if (b.endList && b.stoppedAt !== null) lines.push("#EXT-X-ENDLIST");
    return `${lines.join("\n")}\n`;
  }
}

/** A request that never answers: it fails only when its signal aborts. */
function never(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    const abort = () => reject(new DOMException("The operation was aborted.", "AbortError"));
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
  });
}

function variant(uri: string): Variant {
  return {
    name: "1080p60",
    height: 1080,
    width: 1920,
    fps: 60,
    codec: "h264",
    codecs: "avc1.64002A,mp4a.40.2",
    bandwidth: 6_000_000,
    source: true,
    audioOnly: false,
    uri,
  };
}
