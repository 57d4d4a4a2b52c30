import type { Clock } from "../../src/lib/clock.ts";
import type { RecordingJournal, RecordingProgress, SegmentPlacement } from "../../src/recorder/journal.ts";
import type { PartStills } from "../../src/recorder/part-finisher.ts";
import type { PartState, ResumeState } from "../../src/recorder/resume-state.ts";

/** A recording's journal in memory, each entry stamped with the clock's time: what the database would get. */
export class FakeJournal implements RecordingJournal {
  checkpoints = 0;
  lastCheckpoint: ResumeState | null = null;
  readonly opened: { at: number; part: PartState }[] = [];
  readonly dropped: { at: number; part: PartState }[] = [];
  readonly finished: { at: number; part: PartState }[] = [];
  readonly stills: { part: PartState; stills: PartStills }[] = [];
  readonly snapshots: string[] = [];
  /** Every progress report, in order. */
  readonly reports: ({ at: number } & RecordingProgress)[] = [];

  constructor(private readonly clock: Clock) {}

  get last(): RecordingProgress | null {
    return this.reports.at(-1) ?? null;
  }

  async checkpoint(state: ResumeState): Promise<void> {
    this.lastCheckpoint = structuredClone(state);
    this.checkpoints++;
  }

  async partOpened(part: PartState, state: ResumeState): Promise<void> {
    this.opened.push({ at: this.clock.now(), part });
    await this.checkpoint(state);
  }

  async partDropped(part: PartState, state: ResumeState): Promise<void> {
    this.dropped.push({ at: this.clock.now(), part });
    await this.checkpoint(state);
  }

  async partFinished(part: PartState): Promise<void> {
    this.finished.push({ at: this.clock.now(), part });
  }

  async partStills(part: PartState, stills: PartStills): Promise<void> {
    this.stills.push({ part, stills });
  }

  async snapshot(key: string): Promise<void> {
    this.snapshots.push(key);
  }

  /** Every segment placed on the timeline, in order. */
  readonly placements: SegmentPlacement[] = [];

  placed(placement: SegmentPlacement): void {
    this.placements.push(placement);
  }

  progress(progress: RecordingProgress): void {
    this.reports.push({ at: this.clock.now(), ...progress });
  }
}
