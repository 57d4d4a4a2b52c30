import { TIMELINE_OFFSET_SECONDS } from "../media/pool-spec.ts";
import type { LiveSession } from "../state.ts";
import { liveSequenceAt, type Slot } from "./timeline.ts";

/**
 * Every segment the simulator has served, per channel: served means listed in a media playlist (as a
 * segment or as a prefetch hint) or fetched. One entry per broadcast sequence of a stream and kind,
 * whatever the rendition (an ad-free viewer is served content where others get an ad); a test compares a
 * recording against the `content` entries to check it holds exactly those.
 */

export interface LedgerEntry {
  stream_id: string;
  /** Broadcast sequence: 0 = the stream's first segment, ads included (the media timestamps' numbering). */
  sequence: number;
  /**
   * EXT-X-TWITCH-LIVE-SEQUENCE of a window this segment heads: `sequence`, or in the session's
   * `live_sequence: "content"` mode the number of content segments before it.
   */
  live_sequence: number;
  kind: "content" | "ad";
  /** "<stream_id>/<sequence>" for content; "ad/<commercial_id>/<index in break>" for ads. */
  content_id: string;
  /** Seconds. */
  duration: number;
  /** Presentation time of the segment's first video frame, in seconds, as served (10 + ordinal·d). */
  pts: number;
  program_date_time: string;
  /** Listed as a regular segment in some playlist reload. */
  listed: boolean;
  /** Announced as #EXT-X-TWITCH-PREFETCH. */
  prefetched: boolean;
  /** Full bodies sent (faulted responses count in failed_fetches instead). */
  fetches: number;
  failed_fetches: number;
  /** Renditions it was fetched in. */
  renditions: string[];
  ad: { creative_id: string; commercial_id: string; index: number } | null;
}

interface Segment {
  session: LiveSession;
  sequence: number;
  slot: Slot;
}

export class SegmentLedger {
  /** login → stream id → "<kind>:<sequence>" → entry */
  private readonly channels = new Map<string, Map<string, Map<string, LedgerEntry>>>();

  listed(login: string, segment: Segment, as: "segment" | "prefetch"): void {
    const entry = this.entry(login, segment);
    if (as === "segment") entry.listed = true;
    else entry.prefetched = true;
  }

  fetched(login: string, segment: Segment, rendition: string, ok: boolean): void {
    const entry = this.entry(login, segment);
    if (!ok) {
      entry.failed_fetches++;
      return;
    }
    entry.fetches++;
    if (!entry.renditions.includes(rendition)) entry.renditions.push(rendition);
  }

  /** Entries of a channel, oldest stream first, by sequence. */
  forChannel(login: string, filter: { stream_id?: string; kind?: "content" | "ad" } = {}): LedgerEntry[] {
    const streams = this.channels.get(login) ?? new Map<string, Map<string, LedgerEntry>>();
    const out: LedgerEntry[] = [];
    for (const [streamId, entries] of streams) {
      if (filter.stream_id && filter.stream_id !== streamId) continue;
      const sorted = [...entries.values()].sort(
        (a, b) => a.sequence - b.sequence || a.kind.localeCompare(b.kind),
      );
      out.push(...sorted.filter((e) => !filter.kind || e.kind === filter.kind));
    }
    return out;
  }

  /** For GET /sim/state: per channel, how many segments were listed and fetched. */
  summary() {
    return [...this.channels.keys()].map((login) => {
      const entries = this.forChannel(login);
      return {
        login,
        segments: entries.length,
        content: entries.filter((e) => e.kind === "content").length,
        ads: entries.filter((e) => e.kind === "ad").length,
        fetched: entries.filter((e) => e.fetches > 0).length,
        failed_fetches: entries.reduce((n, e) => n + e.failed_fetches, 0),
      };
    });
  }

  private entry(login: string, { session, sequence, slot }: Segment): LedgerEntry {
    let streams = this.channels.get(login);
    if (!streams) {
      streams = new Map();
      this.channels.set(login, streams);
    }
    let entries = streams.get(session.stream_id);
    if (!entries) {
      entries = new Map();
      streams.set(session.stream_id, entries);
    }
    const key = `${slot.kind}:${sequence}`;
    let entry = entries.get(key);
    if (!entry) {
      const d = session.segment_seconds;
      const ordinal = slot.kind === "ad" ? slot.index : sequence;
      entry = {
        stream_id: session.stream_id,
        sequence,
        live_sequence: liveSequenceAt(session, sequence),
        kind: slot.kind,
        content_id:
          slot.kind === "ad"
            ? `ad/${slot.ad.commercial_id}/${slot.index}`
            : `${session.stream_id}/${sequence}`,
        duration: d,
        pts: TIMELINE_OFFSET_SECONDS + ordinal * d,
        program_date_time: new Date(session.started_at + sequence * d * 1000).toISOString(),
        listed: false,
        prefetched: false,
        fetches: 0,
        failed_fetches: 0,
        renditions: [],
        ad:
          slot.kind === "ad"
            ? { creative_id: slot.ad.creative_id, commercial_id: slot.ad.commercial_id, index: slot.index }
            : null,
      };
      entries.set(key, entry);
    }
    return entry;
  }
}
