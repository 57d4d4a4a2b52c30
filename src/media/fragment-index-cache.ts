import {
  type ByteSource,
  type FragmentIndex,
  indexFromMfra,
  type ScanState,
  scanFragments,
} from "./fragment-index.ts";

/** A part file (or stored object) as it is now, for `FragmentIndexCache.index`. */
export interface IndexTarget {
  /** What it is: a path, a storage key. */
  key: string;
  /** Changes when the file is replaced (a new inode, another S3 ETag): its index starts over. */
  identity: string;
  /** Its size now. */
  size: number;
  /** The part is finalized: its mfra, when it has one, gives the index in three reads. */
  finished: boolean;
  /** Reads of it at `size`; only called when something must be read. */
  open: () => ByteSource;
}

interface Entry {
  identity: string;
  state: ScanState;
}

/**
 * Fragment indexes of part files, kept between requests so a growing 4-hour part is not rescanned on every
 * playlist reload: a grown file is scanned from where its last scan stopped, a shrunk or replaced one from
 * the start, a finished one never again. Scans of one key run one at a time (a player's playlist and
 * segment requests arrive together). The least recently used entries go past `limit`.
 */
export class FragmentIndexCache {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<unknown>>();

  /** An index costs about 56 bytes per fragment: 400 KB for a 4-hour part of 2 s fragments. */
  constructor(private readonly limit = 16) {}

  /** The index of `target` now; null while it has no complete init section. */
  async index(target: IndexTarget): Promise<FragmentIndex | null> {
    const before = this.running.get(target.key);
    const run = (before ?? Promise.resolve()).catch(() => {}).then(() => this.update(target));
    this.running.set(target.key, run);
    try {
      return await run;
    } finally {
      if (this.running.get(target.key) === run) this.running.delete(target.key);
    }
  }

  private async update(target: IndexTarget): Promise<FragmentIndex | null> {
    const cached = this.entries.get(target.key);
    const same = cached?.identity === target.identity ? cached.state : null;
    let state: ScanState | null;
    if (same && (same.index.finished || same.size === target.size)) {
      state = same;
    } else if (same && same.size < target.size) {
      state = await scanFragments(target.open(), same);
    } else {
      const source = target.open();
      state = (target.finished ? await indexFromMfra(source) : null) ?? (await scanFragments(source));
    }
    this.entries.delete(target.key);
    if (!state) return null;
    this.entries.set(target.key, { identity: target.identity, state });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return state.index;
  }
}
