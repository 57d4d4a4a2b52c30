import type { Logger } from "../log/logger.ts";
import { storageLayout } from "../storage/layout.ts";
import type { PartCause, RecordingJournal } from "./journal.ts";
import { type ClosingContext, closePart } from "./part-closing.ts";
import { type PartSource, PartStream, type PartStreamDeps } from "./part-stream.ts";
import { lockOf, type PlaybackSession } from "./playback-session.ts";
import type { RecordingLedger } from "./recording-ledger.ts";
import type { PartState } from "./resume-state.ts";
import type { Scratch } from "./scratch.ts";

/** What a recording's parts need of its dependencies (a recording's own deps fit). */
export type PartLifecycleDeps = PartStreamDeps &
  ClosingContext["deps"] & { journal: Pick<RecordingJournal, "partOpened" | "partNote"> };

/**
 * The parts of one recording, from opening to stored: a new part per rendition, comeback or split; the
 * part left open continued after a restart or a pause; a part finished, stored and given
 * its stills. Each step moves the recording's state (the ledger's) with it.
 */
export class RecordingParts {
  /** The part stream whose file is open, whatever step the loop is in: a failure anywhere closes it. */
  open: PartStream | null = null;

  constructor(
    private readonly ctx: {
      baseName: string;
      deps: PartLifecycleDeps;
      ledger: RecordingLedger;
      log: Logger;
    },
  ) {}

  /** A new part for the session's rendition, after the last one; `why` is said in the event log. */
  async start(session: PlaybackSession, scratch: Scratch, why: PartCause): Promise<PartStream> {
    const { deps, ledger } = this.ctx;
    const index = ledger.state.parts.length + 1;
    const ext = session.variant.audioOnly ? "m4a" : "mp4";
    const key = storageLayout.part(this.ctx.baseName, index, ext);
    const part: PartState = {
      index,
      key,
      path: deps.storage.localPath(key) ?? `${scratch.dir}/part${index}.${ext}`,
      variant: lockOf(session.variant),
      format: "ts",
      start_sequence: (ledger.state.frontier ?? -1) + 1,
      end_sequence: null,
      finished: false,
      duration_seconds: 0,
      size_bytes: 0,
    };
    ledger.state = { ...ledger.state, parts: [...ledger.state.parts, part] };
    await deps.journal.partOpened(part, ledger.state);
    this.note("opened", part, why);
    this.open = await PartStream.open(this.source(part, scratch));
    return this.open;
  }

  /** After a restart or a pause: the part left open continues, with what its file lacks fed again. */
  async reopen(scratch: Scratch): Promise<PartStream | null> {
    const { ledger } = this.ctx;
    const open = ledger.state.parts.find((p) => !p.finished);
    if (!open) return null;
    const stream = await PartStream.resume(this.source(open, scratch));
    ledger.state = stream.state;
    this.open = stream;
    return stream;
  }

  /** Finishes the part: stored and playable, then its stills (or dropped, if it got no media). */
  async close(stream: PartStream, scratch: Scratch, why: PartCause): Promise<null> {
    const { ledger } = this.ctx;
    const index = stream.part.index;
    ledger.report("finishing", stream);
    this.open = null;
    ledger.state = await closePart(stream, {
      deps: this.ctx.deps,
      baseName: this.ctx.baseName,
      scratch,
      log: this.ctx.log,
      save: async (state) => {
        ledger.state = state;
        await ledger.save();
      },
    });
    const closed = ledger.state.parts.find((p) => p.index === index);
    if (closed) this.note("closed", closed, why);
    return null;
  }

  private note(kind: "opened" | "closed", part: PartState, why: PartCause): void {
    const v = part.variant;
    this.ctx.deps.journal.partNote?.({
      kind,
      index: part.index,
      variant: v.audio_only ? "audio only" : `${v.height}p${v.fps ?? ""}`,
      cause: why,
      duration_seconds: part.duration_seconds,
      size_bytes: part.size_bytes,
    });
  }

  /** Stops writing at once (a full disk; the file kept as it is): the part continues after `reopen`. */
  async abandon(stream: PartStream | null): Promise<void> {
    if (stream) this.ctx.ledger.state = (await stream.abandon()).state;
    this.open = null;
  }

  /** Shutdown: the file, complete up to its last segment, stays open for the next start. */
  async suspend(stream: PartStream | null): Promise<void> {
    const open = stream ?? this.open;
    if (open) this.ctx.ledger.state = (await open.pause()).state;
    this.open = null;
  }

  private source(part: PartState, scratch: Scratch): PartSource {
    return {
      part,
      state: this.ctx.ledger.state,
      scratch,
      deps: this.ctx.deps,
      onProgress: (stream) => this.ctx.ledger.progressed(stream),
    };
  }
}
