import type { Logger } from "../log/logger.ts";
import type { RecordingJournal } from "./journal.ts";
import { type FinisherDeps, makeStills, storePart } from "./part-finisher.ts";
import type { PartStream } from "./part-stream.ts";
import type { PartState, ResumeState } from "./resume-state.ts";
import type { Scratch } from "./scratch.ts";

export interface ClosingContext {
  deps: Pick<FinisherDeps, "ffmpegPath" | "ffprobePath" | "processes"> & {
    storage: FinisherDeps["storage"] & { delete(key: string): Promise<void> };
    journal: Pick<RecordingJournal, "partDropped" | "partFinished" | "partStills">;
  };
  baseName: string;
  scratch: Scratch;
  log: Pick<Logger, "warn">;
  /** Checkpoints the state (the part finished) before its stills are made. */
  save: (state: ResumeState) => Promise<void>;
}

/**
 * Ends a part: its file is finished (O(1)), checked and stored, and from then on playable; its stills
 * come after. A part that got no media is dropped rather than kept as an empty file. Returns the
 * recording's state with the part finished (or gone).
 */
export async function closePart(stream: PartStream, ctx: ClosingContext): Promise<ResumeState> {
  const { journal, storage } = ctx.deps;
  const { part, state } = await stream.finish();
  if (part.state.duration_seconds <= 0) {
    // Nothing was recorded in it (the stream ended at the boundary): no empty file in the library.
    const without = { ...state, parts: state.parts.filter((p) => p.index !== part.state.index) };
    await storage.delete(part.state.key).catch(() => {});
    await journal.partDropped(part.state, without);
    return without;
  }
  const deps: FinisherDeps = {
    storage,
    ffmpegPath: ctx.deps.ffmpegPath,
    ffprobePath: ctx.deps.ffprobePath,
    processes: ctx.deps.processes,
    scratchDir: ctx.scratch.dir,
    log: ctx.log,
  };
  const media = await storePart(part.state, deps);
  const finished: PartState = {
    ...part.state,
    finished: true,
    duration_seconds: media.durationSeconds,
    size_bytes: media.sizeBytes,
  };
  const next = { ...state, parts: state.parts.map((p) => (p.index === finished.index ? finished : p)) };
  await journal.partFinished(finished);
  await ctx.save(next);
  await journal.partStills(finished, await makeStills(finished, ctx.baseName, deps));
  return next;
}
