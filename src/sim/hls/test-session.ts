import type { AdBreak, LiveSession } from "../state.ts";
import { type Variant, variantFor } from "./renditions.ts";

/** A live session literal for the pure playlist tests: 2 s segments from 2026-01-01T00:00:00Z. */
export function testSession(overrides: Partial<LiveSession> = {}): LiveSession {
  return {
    stream_id: "41234567890",
    started_at: Date.UTC(2026, 0, 1),
    viewers: 10,
    ladder: ["1080p60", "720p60", "480p30", "360p30", "160p30", "audio_only"],
    codec: "h264",
    format: "ts",
    segment_seconds: 2,
    low_latency: false,
    ads: [],
    ended: null,
    ...overrides,
  };
}

export function testAd(start: number, segments: number, overrides: Partial<AdBreak> = {}): AdBreak {
  return {
    start_sequence: start,
    segments,
    roll: "midroll",
    creative_id: "2474283100494",
    commercial_id: "6a1f0d8e-1111-4222-8333-444455556666",
    requested_at: 0,
    ...overrides,
  };
}

/** The session's variant for a rung, failing the test if the ladder lacks it. */
export function testVariant(session: LiveSession, name: string): Variant {
  const variant = variantFor(session, name);
  if (!variant) throw new Error(`test session has no rung ${name}`);
  return variant;
}
