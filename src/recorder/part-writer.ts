import { RemuxError, Remuxer } from "../media/ffmpeg-remuxer.ts";
import { FragmentedMp4File } from "../media/fragmented-file.ts";
import { codecSignature, type InitInfo, readInit } from "../media/mp4-boxes.ts";
import type { ProcessRunner } from "../process/process-runner.ts";
import type { Scratch } from "./scratch.ts";
import { fmp4Segment, type SegmentMedia, tsSegment } from "./segment-times.ts";
import { emptyTimeline, placeSegment, type TimelineState } from "./timeline.ts";

export interface PartWriterOptions {
  /** The part file (in place in local storage, or in scratch for S3). */
  path: string;
  index: number;
  format: "ts" | "fmp4";
  audioOnly: boolean;
  ffmpegPath: string;
  /** How ffmpeg is started (the real one unless a test stands in a fake). */
  processes?: ProcessRunner;
  scratch: Scratch;
}

/** The source's init section changed codecs mid-part: the rest needs a part of its own. */
export class InitChangedError extends Error {
  override name = "InitChangedError";
}

/**
 * One part of a recording being written: segments in (in order), laid end to end on the part's timeline,
 * copied by ffmpeg into the fragmented-MP4 part file. Reopening a part after a crash continues the file.
 */
export class PartWriter {
  private remuxer: Remuxer | null = null;
  private timeline: TimelineState = emptyTimeline();
  /** Where this ffmpeg run's zero sits in the file (the file's length when the run began). */
  private runOffset = 0;
  private init: { bytes: Uint8Array; info: InitInfo; signature: string } | null = null;
  private fedCount = 0;

  private constructor(
    readonly options: PartWriterOptions,
    private readonly file: FragmentedMp4File,
  ) {}

  static async open(options: PartWriterOptions): Promise<PartWriter> {
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

  /** Seconds of media safely in the file. */
  get durationSeconds(): number {
    return this.file.durationSeconds;
  }

  /** Bytes of the part file that are complete. */
  get size(): number {
    return this.file.size;
  }

  get segmentsFed(): number {
    return this.fedCount;
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
   * Places one content segment after the previous one and hands it to ffmpeg. `identity` (the segment's
   * date and LIVE-SEQUENCE number) goes into the fed log, so a restart knows where the recording stands.
   */
  async feed(
    sequence: number,
    bytes: Uint8Array,
    identity: { date: number | null; live: number | null } = { date: null, live: null },
  ): Promise<{ end: number }> {
    const media = this.readMedia(bytes);
    const remuxer = await this.ensureRemuxer();
    const placed = placeSegment(this.timeline, sequence, media.times);
    this.timeline = placed.state;
    media.shift(placed.offset);
    const end =
      this.runOffset + Math.max(...Object.values(placed.state.partEnd).filter((v) => v !== undefined));
    // Noted before ffmpeg takes it: after a crash, a segment noted but not in the file is fed again.
    await this.options.scratch.noteFed({ sequence, part: this.options.index, end, ...identity });
    await remuxer.write(bytes);
    this.fedCount++;
    return { end };
  }

  /**
   * Everything fed is in the file, and the file is final (index written, duration in its header). A file
   * that never got a fragment is left as it is and reported empty (0 s): there is nothing to finish.
   */
  async finish(): Promise<{ durationSeconds: number; size: number }> {
    if (this.remuxer) {
      try {
        await this.remuxer.end();
      } catch (err) {
        // ffmpeg died: the file keeps its complete fragments, and is finished with those (what was fed
        // to the dead ffmpeg and not written is lost, and said so by the caller's error).
        if (!(err instanceof RemuxError)) throw err;
        await this.remuxer.abort().catch(() => {});
      }
    }
    this.remuxer = null;
    if (this.file.fragmentCount === 0) {
      await this.file.close();
      return { durationSeconds: 0, size: this.file.size };
    }
    return this.file.finish();
  }

  /** Stops without finishing: the file keeps its complete fragments and can be continued later. */
  async abort(): Promise<void> {
    await this.remuxer?.abort();
    this.remuxer = null;
    await this.file.close().catch(() => {});
  }

  /** Stops ffmpeg at once (it hangs, or the recording gives up); the file stays open and can be finished. */
  async stopRemuxer(): Promise<void> {
    const remuxer = this.remuxer;
    this.remuxer = null;
    await remuxer?.abort();
  }

  /** Closes the file without finishing it (after `pause`: the next start reopens and continues it). */
  async close(): Promise<void> {
    await this.file.close();
  }

  /** Ends the current ffmpeg run without finishing the file (a later run continues it). */
  async pause(): Promise<void> {
    if (this.remuxer) await this.remuxer.end();
    this.remuxer = null;
    this.timeline = emptyTimeline();
  }

  private readMedia(bytes: Uint8Array): SegmentMedia {
    if (this.options.format === "ts") return tsSegment(bytes);
    if (!this.init) throw new InitChangedError("an fMP4 segment came before its init section");
    return fmp4Segment(bytes, this.init.info);
  }

  private async ensureRemuxer(): Promise<Remuxer> {
    if (this.remuxer) return this.remuxer;
    this.runOffset = this.file.durationSeconds;
    this.timeline = emptyTimeline();
    const remuxer = Remuxer.start({
      ffmpegPath: this.options.ffmpegPath,
      input: this.options.format,
      audioOnly: this.options.audioOnly,
      file: this.file,
      processes: this.options.processes,
    });
    if (this.options.format === "fmp4" && this.init) await remuxer.write(this.init.bytes);
    this.remuxer = remuxer;
    return remuxer;
  }
}
