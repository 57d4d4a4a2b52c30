import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import { lostSegments } from "./gap-policy.ts";
import type { RecordingJournal, RecordingProgress } from "./journal.ts";
import type { PartStream } from "./part-stream.ts";
import { ProgressMeter } from "./progress-meter.ts";
import { type ResumeState, recordedSeconds } from "./resume-state.ts";
import { isDiskFull } from "./space-guard.ts";

/**
 * Where one recording stands, shared by its loop, its parts and its pauses: the resume state, why writing
 * is paused, when it last recorded something; and how that is told to replayd (checkpoints, progress).
 */
export class RecordingLedger {
  /** Why writing is paused, while it is. */
  pausedFor: string | null = null;
  /** When the recording last recorded something (epoch ms): the end of a broadcast whose end was not seen. */
  lastProgressAt: number;
  private readonly meter = new ProgressMeter();

  constructor(
    public state: ResumeState,
    private readonly journal: Pick<RecordingJournal, "checkpoint" | "progress">,
    private readonly log: Pick<Logger, "warn">,
    private readonly clock: Clock,
  ) {
    this.lastProgressAt = clock.now();
  }

  /** The open part took something: its state is the recording's, and the user sees the progress. */
  progressed(stream: PartStream): void {
    this.lastProgressAt = this.clock.now();
    this.state = stream.state;
    this.report("recording", stream);
  }

  /**
   * Checkpoints the state. A failed save is logged, not fatal: the next save carries the same state, and
   * after a crash the fed log says where the recording stood. A full disk pauses the recording, unless
   * `quiet` (pausing or stopping already).
   */
  async save(options: { quiet?: boolean } = {}): Promise<void> {
    try {
      await this.journal.checkpoint(this.state);
    } catch (err) {
      if (isDiskFull(err) && !options.quiet) throw err;
      this.log.warn({ err: (err as Error).message }, "checkpoint not saved; the next one retries");
    }
  }

  report(stage: RecordingProgress["stage"], stream: PartStream | null): void {
    const finishedBytes = this.state.parts.filter((p) => p.finished).reduce((s, p) => s + p.size_bytes, 0);
    const { bytes, bytesPerSecond } = this.meter.sample(
      finishedBytes + (stream?.size ?? 0),
      this.clock.now(),
    );
    this.journal.progress({
      stage: this.pausedFor ? "paused" : stage,
      reason: this.pausedFor,
      bytes,
      bytesPerSecond,
      segments: stream?.segmentsTotal ?? 0,
      gaps: lostSegments(this.state.gaps),
      adSegments: this.state.ads.reduce((n, a) => n + (a.to - a.from + 1), 0),
      mediaSeconds: recordedSeconds(this.state, stream?.durationSeconds ?? 0),
      variant: stream?.part.variant.name ?? null,
    });
  }
}
