import { appendFile, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ResumeState } from "./resume-state.ts";
import { freeBytes, noRoomForSegment, segmentNeeds } from "./space-guard.ts";

/**
 * A job's scratch folder (<DATA_DIR>/scratch/<job id>): the fed log (which segment is in which part, and
 * the part file's length after it), fMP4 init sections, stills, and an S3 recording's part files while they
 * are written. Segments themselves go straight into the part file; reading segments back remains for what
 * an older recorder left there. A segment the disk has no room for (with a margin) is refused before any
 * byte is written (`ensureRoomFor`).
 */
export class Scratch {
  private constructor(readonly dir: string) {}

  static async open(root: string, jobId: string): Promise<Scratch> {
    const dir = join(root, jobId);
    await mkdir(dir, { recursive: true });
    return new Scratch(dir);
  }

  /** Refuses (ENOSPC) a segment of `size` bytes that the disk has no room for, with the margin. */
  async ensureRoomFor(size: number): Promise<void> {
    const free = await freeBytes(this.dir);
    if (free < segmentNeeds(size)) throw noRoomForSegment(size, free);
  }

  async loadSegment(sequence: number): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(this.dir, `${sequence}.seg`)));
  }

  async deleteSegment(sequence: number): Promise<void> {
    await rm(join(this.dir, `${sequence}.seg`), { force: true });
  }

  /** Sequences of the complete segments on disk, in order. */
  async segments(): Promise<number[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names
      .filter((n) => /^\d+\.seg$/.test(n))
      .map((n) => Number.parseInt(n, 10))
      .sort((a, b) => a - b);
  }

  /** Notes that a segment went into part `part`, ending at `end` seconds of its timeline. */
  async noteFed(entry: FedEntry): Promise<void> {
    await appendFile(join(this.dir, "fed.jsonl"), `${JSON.stringify(entry)}\n`);
  }

  async fed(): Promise<FedEntry[]> {
    const text = await readFile(join(this.dir, "fed.jsonl"), "utf8").catch(() => "");
    const entries: FedEntry[] = [];
    for (const line of text.split("\n")) {
      try {
        if (line) entries.push(JSON.parse(line) as FedEntry);
      } catch {
        // the line a crash cut short
      }
    }
    return entries;
  }

  async saveFile(name: string, bytes: Uint8Array): Promise<void> {
    await Bun.write(join(this.dir, name), bytes);
  }

  async loadFile(name: string): Promise<Uint8Array | null> {
    return readFile(join(this.dir, name)).then(
      (b) => new Uint8Array(b),
      () => null,
    );
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export interface FedEntry {
  sequence: number;
  part: number;
  /** Where the segment ends on the part's timeline, seconds. */
  end: number;
  /** The part file's length once the segment was in it (absent in logs of the ffmpeg-era recorder). */
  size?: number;
  /** The segment's program date-time and LIVE-SEQUENCE number: the frontier a restart continues from. */
  date?: number | null;
  live?: number | null;
}

/**
 * The frontier after a restart: the fed log is written as each segment lands in the part file, so it can be
 * ahead of the last checkpoint; its newest entry (with that segment's date) is where polling continues.
 */
export function withFedFrontier(state: ResumeState, log: FedEntry[]): ResumeState {
  let newest: FedEntry | null = null;
  for (const entry of log) if (!newest || entry.sequence > newest.sequence) newest = entry;
  if (!newest || (state.frontier !== null && newest.sequence <= state.frontier)) return state;
  return {
    ...state,
    frontier: newest.sequence,
    frontier_date: newest.date ?? null,
    frontier_live: newest.live ?? null,
  };
}
