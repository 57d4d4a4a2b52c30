import { truncate } from "node:fs/promises";
import { FragmentedMp4File, InitMismatchError } from "../media/fragmented-file.ts";
import { childBoxes, codecSignature, type InitInfo, readInit } from "../media/mp4-boxes.ts";
import { TS_CLOCK } from "../media/mpegts.ts";
import {
  demuxTs,
  type PesArena,
  PesArenaPool,
  TsDemuxError,
  type TsSegment,
  tsFragment,
  tsInit,
  tsSegmentTimes,
  tsTrackSignatures,
} from "../media/ts/index.ts";
import type { Scratch } from "./scratch.ts";
import { fmp4Segment, SegmentMediaError } from "./segment-times.ts";
import { emptyTimeline, placeSegment, type SegmentTimes, type TimelineState } from "./timeline.ts";

export interface PartWriterOptions {
  /** The part file (in place in local storage, or in scratch for S3). */
  path: string;
  index: number;
  format: "ts" | "fmp4";
  scratch: Scratch;
  /**
   * Bytes of the file that the fed log accounts for (a restart): fragments past them were appended by a
   * run killed before it could log them, so they go, and their segment is fetched again if still listed.
   * Undefined: keep every complete fragment.
   */
  keepBytes?: number;
}

/** The source's codecs changed mid-part: the rest needs a part of its own. */
export class InitChangedError extends Error {
  override name = "InitChangedError";
}

/**
 * One part of a recording being written: segments in (in order), laid end to end on the part's timeline and
 * remuxed in process into the fragmented-MP4 part file, one fragment per segment (MPEG-TS demuxed; fMP4
 * fragments re-timed and passed through). A segment is in the file, then in the fed log with the file's
 * length after it, so a restart knows exactly which segments the file holds: nothing is written twice and
 * no copy of a segment is kept anywhere else.
 */
export class PartWriter {
  private timeline: TimelineState = emptyTimeline();
  /** Where this run's zero sits in the file (its media duration when the run began); null: no run yet. */
  private runOffset: number | null = null;
  /** The codecs this run writes, per track kind (a change needs a new part). */
  private runSignature: RunCodecs | null = null;
  /** fMP4: the init section the segments' fragments need. */
  private init: { bytes: Uint8Array; info: InitInfo; signature: string } | null = null;

  private constructor(
    readonly options: PartWriterOptions,
    private readonly file: FragmentedMp4File,
  ) {}

  static async open(options: PartWriterOptions): Promise<PartWriter> {
    if (options.keepBytes !== undefined) await cutUnlogged(options.path, options.keepBytes);
    const file = await FragmentedMp4File.open(options.path);
    const writer = new PartWriter(options, file);
    try {
      if (options.format === "fmp4") {
        const saved = await options.scratch.loadFile(`part${options.index}-init.mp4`);
        if (saved) writer.init = { bytes: saved, info: readInit(saved), signature: codecSignature(saved) };
      }
    } catch (err) {
      await file.close().catch(() => {});
      throw err;
    }
    return writer;
  }

  /** Seconds of media in the file. */
  get durationSeconds(): number {
    return this.file.durationSeconds;
  }

  /** Bytes of the part file that are complete. */
  get size(): number {
    return this.file.size;
  }

  /** fMP4 only: the init section the next fragments need. Same codecs: kept; other codecs: a new part. */
  async useInit(bytes: Uint8Array): Promise<void> {
    const signature = codecSignature(bytes);
    if (this.init && this.init.signature !== signature)
      throw new InitChangedError("the stream's codecs changed");
    if (this.init) return;
    this.init = { bytes, info: readInit(bytes), signature };
    await this.options.scratch.saveFile(`part${this.options.index}-init.mp4`, bytes);
  }

  /**
   * Places one content segment after the previous one and writes it into the file, then notes it in the fed
   * log with `identity` (its date and LIVE-SEQUENCE number), so a restart knows where the recording stands.
   */
  async feed(
    sequence: number,
    bytes: Uint8Array,
    identity: { date: number | null; live: number | null } = { date: null, live: null },
  ): Promise<{ end: number }> {
    if (this.options.format === "ts") await this.feedTs(sequence, bytes);
    else await this.feedFmp4(sequence, bytes);
    const end = (this.runOffset ?? 0) + Math.max(0, ...Object.values(this.timeline.partEnd));
    await this.options.scratch.noteFed({
      sequence,
      part: this.options.index,
      end,
      size: this.file.size,
      ...identity,
    });
    return { end };
  }

  /**
   * The file made final (index written, duration in its header). A file that never got a fragment is left
   * as it is and reported empty (0 s): there is nothing to finish.
   */
  async finish(): Promise<{ durationSeconds: number; size: number }> {
    if (this.file.fragmentCount === 0) {
      await this.file.close();
      return { durationSeconds: 0, size: this.file.size };
    }
    return this.file.finish();
  }

  /** Stops without finishing: the file keeps its complete fragments and can be continued later. */
  async close(): Promise<void> {
    this.endRun();
    await this.file.close();
  }

  private feedTs(sequence: number, bytes: Uint8Array): Promise<void> {
    // The samples are views of the arena: it goes back to the pool once their fragment is in the file.
    return arenas.with((arena) => this.writeTs(sequence, bytes, arena));
  }

  private async writeTs(sequence: number, bytes: Uint8Array, arena: PesArena): Promise<void> {
    let segment: TsSegment;
    try {
      segment = demuxTs(bytes, arena);
    } catch (err) {
      if (err instanceof TsDemuxError) throw new SegmentMediaError(err.message);
      throw err;
    }
    const signature = tsTrackSignatures(segment);
    if (this.runSignature !== null && !sameCodecs(this.runSignature, signature))
      throw new InitChangedError("the stream's codecs changed");
    const offset = this.place(sequence, tsSegmentTimes(segment));
    if (this.runSignature === null) await this.startRun(tsInit(segment), signature);
    const { moof, mdat } = tsFragment(segment, Math.round(offset * TS_CLOCK), 0);
    await this.file.appendFragment(moof, mdat);
  }

  private async feedFmp4(sequence: number, bytes: Uint8Array): Promise<void> {
    const init = this.init;
    if (!init) throw new InitChangedError("an fMP4 segment came before its init section");
    const media = fmp4Segment(bytes, init.info);
    if (this.runSignature === null) await this.startRun(init.bytes, { video: init.signature, audio: null });
    media.shift(this.place(sequence, media.times));
    const boxes = childBoxes(bytes);
    for (const [i, box] of boxes.entries()) {
      const mdat = boxes[i + 1];
      if (box.type !== "moof" || mdat?.type !== "mdat") continue;
      await this.file.appendFragment(
        bytes.subarray(box.start, box.end),
        bytes.subarray(mdat.start, mdat.end),
      );
    }
  }

  /** The offset (seconds) that lays the segment after the previous one, the timeline moved past it. */
  private place(sequence: number, times: SegmentTimes): number {
    const placed = placeSegment(this.timeline, sequence, times);
    this.timeline = placed.state;
    return placed.offset;
  }

  /** A run (this process's stretch of the file) starts: its init goes in, or is checked against the file's. */
  private async startRun(init: Uint8Array, signature: RunCodecs): Promise<void> {
    this.runOffset = this.file.durationSeconds;
    try {
      await this.file.writeInit(init);
    } catch (err) {
      this.endRun();
      if (err instanceof InitMismatchError) throw new InitChangedError(err.message);
      throw err;
    }
    this.runSignature = signature;
  }

  private endRun(): void {
    this.runOffset = null;
    this.runSignature = null;
    this.timeline = emptyTimeline();
  }
}

/** The PES copy buffers every recording borrows from, one segment at a time. */
const arenas = new PesArenaPool();

/** A run's codec configuration per kind of track (null: the run has no such track). */
type RunCodecs = { video: string | null; audio: string | null };

/**
 * Whether a segment fits the run's init section: each track it holds is one the run has, with the same
 * configuration. A segment lacking a track the run has (no audio frame in it) fits: its fragment has no
 * run of samples for that track.
 */
export function sameCodecs(run: RunCodecs, segment: RunCodecs): boolean {
  return (["video", "audio"] as const).every((k) => segment[k] === null || segment[k] === run[k]);
}

/** Cuts the file to the bytes the fed log accounts for (nothing when it is already that short). */
async function cutUnlogged(path: string, keepBytes: number): Promise<void> {
  const size = Bun.file(path).size;
  if (size > keepBytes) await truncate(path, keepBytes);
}
