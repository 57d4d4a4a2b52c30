import { existsSync, renameSync, statSync, unlinkSync } from "node:fs";
import pino from "pino";

export interface Rotation {
  /** The live file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** Rotated copies kept: `<file>.1` (newest) to `<file>.<keep>`; 0 keeps none. */
  keep: number;
}

/**
 * A log file that rotates itself by size, for installs without journald or logrotate: the live file keeps
 * its name (so `tail -F` follows it across rotations), older ones become `<file>.1`, `<file>.2`, ….
 * Writes are synchronous, like the console's: a line is on disk before a crash that follows it. A rotation
 * that fails (a read-only folder, a copy held open elsewhere) is said once on stderr and writing goes on
 * in the same file: losing the log would be worse than a large one.
 */
export class RotatingFile {
  readonly #path: string;
  readonly #rotation: Rotation;
  readonly #stream: pino.DestinationStream & { flushSync(): void; reopen(): void };
  #size: number;
  #warned = false;

  constructor(path: string, rotation: Rotation) {
    this.#path = path;
    this.#rotation = rotation;
    this.#stream = pino.destination({ dest: path, mkdir: true, sync: true });
    this.#size = existsSync(path) ? statSync(path).size : 0;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.#size > 0 && this.#size + bytes > this.#rotation.maxBytes) this.#rotate();
    this.#stream.write(line);
    this.#size += bytes;
  }

  #rotate(): void {
    try {
      this.#stream.flushSync();
      const { keep } = this.#rotation;
      const copy = (n: number) => `${this.#path}.${n}`;
      if (existsSync(copy(keep))) unlinkSync(copy(keep));
      for (let n = keep - 1; n >= 1; n--) if (existsSync(copy(n))) renameSync(copy(n), copy(n + 1));
      if (keep > 0) renameSync(this.#path, copy(1));
      else unlinkSync(this.#path);
      this.#stream.reopen();
      this.#size = 0;
    } catch (err) {
      if (!this.#warned)
        process.stderr.write(
          `replayd: could not rotate ${this.#path} (${(err as Error).message}); writing on\n`,
        );
      this.#warned = true;
      // Not again for every line: the next try is after another full file.
      this.#size = 0;
    }
  }
}
