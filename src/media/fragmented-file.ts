import { type FileHandle, mkdir, open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import {
  codecSignature,
  durationFields,
  type IndexEntry,
  type InitInfo,
  Mp4Error,
  makeMfra,
  readBoxHeader,
  readFragmentTimes,
  readInit,
  withMehd,
  writeSequenceNumber,
  writeTfdt,
} from "./mp4-boxes.ts";

/** The new fragments come from a stream whose codecs differ from the file's: they need a file of their own. */
export class InitMismatchError extends Mp4Error {
  override name = "InitMismatchError";
}

/**
 * A recording part on disk as fragmented MP4, written fragment by fragment while the stream runs: playable
 * (and readable by a watch-while-recording player) up to its last complete fragment at every moment, and
 * finished in O(1) — an index (mfra) appended and the duration patched into the header — whatever its length.
 * Reopening an unfinished file (after a crash) keeps every complete fragment and cuts the torn tail; a new
 * writer's fragments then follow on, their times moved to start where the file ends.
 */
export class FragmentedMp4File {
  private init: Uint8Array | null = null;
  private info: InitInfo | null = null;
  private readonly index: IndexEntry[] = [];
  /** End of the last fragment per track, in track ticks. */
  private readonly trackEnds = new Map<number, number>();
  private nextSequence = 1;
  /** Where the current writer's times start in the file, seconds: each ffmpeg run counts from zero. */
  private runOffsetSeconds = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Bytes of complete boxes in the file. */
    private length: number,
  ) {}

  /** Opens `path` for writing, recovering what an earlier run left there. */
  static async open(path: string): Promise<FragmentedMp4File> {
    const exists = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (exists < 0) await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, exists >= 0 ? "r+" : "w+");
    const file = new FragmentedMp4File(path, handle, 0);
    try {
      if (exists > 0) await file.recover(exists);
    } catch (err) {
      // Never leave a handle to the garbage collector (Bun fails the process when it has to close one).
      await handle.close().catch(() => {});
      throw err;
    }
    return file;
  }

  /** Bytes of the file that form a valid, playable fragmented MP4. */
  get size(): number {
    return this.length;
  }

  get fragmentCount(): number {
    return this.nextSequence - 1;
  }

  get hasInit(): boolean {
    return this.init !== null;
  }

  /** Media time covered so far, seconds (the longest track). */
  get durationSeconds(): number {
    if (!this.info) return 0;
    let longest = 0;
    for (const track of this.info.tracks) {
      const end = this.trackEnds.get(track.trackId);
      if (end !== undefined) longest = Math.max(longest, end / track.timescale);
    }
    return longest;
  }

  /**
   * Takes the init section (ftyp + moov) of the stream about to be appended. A new file stores it; a
   * recovered file checks that the codecs match, since its fragments will follow the existing ones.
   */
  async writeInit(init: Uint8Array): Promise<void> {
    // A new run continues where the file ends, after its longest track, so no track overlaps itself.
    this.runOffsetSeconds = this.durationSeconds;
    if (this.init && this.fragmentCount > 0) {
      if (codecSignature(init) !== codecSignature(this.init)) {
        throw new InitMismatchError("the stream's codecs differ from the recording's");
      }
      return;
    }
    // A new file, or a recovered one that holds only an init: an ffmpeg stopped while it was still probing
    // (Ctrl-C reaches it too) may have written an incomplete one. Nothing follows it, so it is replaced.
    if (this.init) await this.handle.truncate(0);
    const stored = withMehd(init);
    await this.writeAt(stored, 0);
    this.length = stored.length;
    this.init = stored;
    this.info = readInit(stored);
  }

  /** Appends one fragment (a moof and its mdat), renumbered to follow the file's fragments. */
  async appendFragment(moof: Uint8Array, mdat: Uint8Array | Uint8Array[]): Promise<void> {
    if (!this.info) throw new Mp4Error("a fragment came before the init section");
    const box = readBoxHeader(moof, 0);
    if (box?.type !== "moof") throw new Mp4Error("expected a moof box");
    writeSequenceNumber(moof, box, this.nextSequence);
    const times = readFragmentTimes(moof, box, this.info.tracks);
    if (this.runOffsetSeconds > 0) {
      for (const t of times) {
        const track = this.info.tracks.find((x) => x.trackId === t.trackId);
        t.start += Math.round(this.runOffsetSeconds * (track?.timescale ?? 1));
        writeTfdt(moof, t, t.start);
      }
    }
    const mdatParts = Array.isArray(mdat) ? mdat : [mdat];
    let written: number;
    try {
      written = await this.writeAllAt([moof, ...mdatParts], this.length);
    } catch (err) {
      // A full disk cut the fragment short: the torn bytes go at once, so the space they took is free for
      // the other recordings and the database while this one waits, and the file stays as it was.
      await this.handle.truncate(this.length).catch(() => {});
      throw err;
    }
    for (const t of times) {
      this.index.push({ trackId: t.trackId, time: t.start, moofOffset: this.length });
      this.trackEnds.set(t.trackId, t.start + t.duration);
    }
    this.length += written;
    this.nextSequence++;
  }

  /** Media time at which the next fragment must start for `trackId`, in its ticks (0 for an empty file). */
  trackEnd(trackId: number): number {
    return this.trackEnds.get(trackId) ?? 0;
  }

  get tracks(): InitInfo["tracks"] {
    return this.info?.tracks ?? [];
  }

  /** Makes the file final: the fragment index at the end, the real duration in the header, flushed to disk. */
  async finish(): Promise<{ durationSeconds: number; size: number }> {
    if (!this.init || !this.info) throw new Mp4Error("nothing was recorded");
    const mfra = makeMfra(
      this.index,
      this.info.tracks.map((t) => t.trackId),
    );
    await this.writeAt(mfra, this.length);
    const finalSize = this.length + mfra.length;
    await this.handle.truncate(finalSize);

    const durationSeconds = this.durationSeconds;
    const movieDuration = Math.round(durationSeconds * this.info.movieTimescale);
    const fields = durationFields(this.init);
    const mvhd = new Uint8Array(fields.mvhdVersion === 1 ? 8 : 4);
    if (fields.mvhdVersion === 1) new DataView(mvhd.buffer).setBigUint64(0, BigInt(movieDuration));
    else new DataView(mvhd.buffer).setUint32(0, Math.min(movieDuration, 0xffffffff));
    await this.writeAt(mvhd, fields.mvhdAt);
    if (fields.mehdAt !== null) {
      const mehd = new Uint8Array(8);
      new DataView(mehd.buffer).setBigUint64(0, BigInt(movieDuration));
      await this.writeAt(mehd, fields.mehdAt);
    }
    await this.handle.sync();
    await this.close();
    return { durationSeconds, size: finalSize };
  }

  /** Flushes to disk without finishing (the file stays resumable). */
  async sync(): Promise<void> {
    await this.handle.sync();
  }

  /** Closes the file handle (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private closed = false;

  private async writeAt(bytes: Uint8Array, position: number): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(
        bytes,
        written,
        bytes.length - written,
        position + written,
      );
      written += bytesWritten;
    }
  }

  /** Writes the buffers one after the other from `position` (one writev when the kernel takes it all). */
  private async writeAllAt(buffers: Uint8Array[], position: number): Promise<number> {
    const total = buffers.reduce((sum, b) => sum + b.length, 0);
    const { bytesWritten } = await this.handle.writev(buffers, position);
    if (bytesWritten < total) {
      // A short write (rare: signals, full disks): finish it buffer by buffer.
      let at = 0;
      for (const buffer of buffers) {
        const done = Math.min(Math.max(bytesWritten - at, 0), buffer.length);
        if (done < buffer.length) await this.writeAt(buffer.subarray(done), position + at + done);
        at += buffer.length;
      }
    }
    return total;
  }

  private async read(position: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(out, 0, length, position);
    return out.subarray(0, bytesRead);
  }

  /** Rebuilds the index from the file, cutting an mfra (it will be rewritten) and any torn tail. */
  private async recover(fileSize: number): Promise<void> {
    let at = 0;
    let initEnd = 0;
    const head = await this.read(0, Math.min(fileSize, 1 << 20));
    while (at < head.length) {
      const box = readBoxHeader(head, at);
      if (!box) break;
      if (box.type === "moov") initEnd = box.end;
      if (box.type === "moof") break;
      at = box.end;
    }
    if (initEnd === 0) {
      // Not even an init section survived: start the file over.
      await this.handle.truncate(0);
      return;
    }
    this.init = head.slice(0, initEnd);
    this.info = readInit(this.init);
    this.length = initEnd;

    let position = initEnd;
    while (position + 8 <= fileSize) {
      const header = await this.read(position, 16);
      const box = readBoxHeader(header, 0, Number.MAX_SAFE_INTEGER);
      if (box?.type !== "moof") break;
      const moofSize = box.end - box.start;
      const mdatHeader = await this.read(position + moofSize, 16);
      const mdat = readBoxHeader(mdatHeader, 0, Number.MAX_SAFE_INTEGER);
      if (mdat?.type !== "mdat" || position + moofSize + (mdat.end - mdat.start) > fileSize) break;
      const moof = await this.read(position, moofSize);
      for (const t of readFragmentTimes(
        moof,
        { ...box, start: 0, body: box.body - box.start, end: moofSize },
        this.info.tracks,
      )) {
        this.index.push({ trackId: t.trackId, time: t.start, moofOffset: position });
        this.trackEnds.set(t.trackId, t.start + t.duration);
      }
      position += moofSize + (mdat.end - mdat.start);
      this.nextSequence++;
    }
    this.length = position;
    await this.handle.truncate(position);
  }
}
