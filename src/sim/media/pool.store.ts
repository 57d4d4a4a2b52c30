import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Logger } from "../../log/logger.ts";
import { renderPool } from "./pool.render.ts";
import { assemblePool, originOf, type Pool } from "./pool.ts";
import { MEDIA_VERSION, type PoolSpec, poolKey, poolName } from "./pool-spec.ts";

/**
 * Media pools, made once: from memory if this process has one, else from the disk cache (a folder per pool
 * key, written atomically), else rendered by ffmpeg (at most two renders at a time, so serving goes on).
 * Concurrent requests for the same pool share one render. One store per cache folder per process, so every
 * simulator (and every test) in a process shares what was rendered.
 */

interface Meta {
  version: number;
  key: string;
  spec: PoolSpec;
  files: string[];
  init: string | null;
  origin: { ts: number | null; tracks: [number, number][] };
}

type Entry =
  | { state: "loading"; name: string; promise: Promise<Pool>; since: number }
  | { state: "ready"; name: string; pool: Pool; source: "disk" | "render"; ms: number }
  | { state: "failed"; name: string; error: string };

export function defaultMediaCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg ? join(xdg, "replayd", "sim-media") : join(tmpdir(), "replayd-sim-media");
}

const stores = new Map<string, PoolStore>();

export function sharedPoolStore(dir: string, ffmpeg = "ffmpeg"): PoolStore {
  let store = stores.get(dir);
  if (!store) {
    store = new PoolStore(dir, ffmpeg);
    stores.set(dir, store);
  }
  return store;
}

export class PoolStore {
  private readonly entries = new Map<string, Entry>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly dir: string,
    private readonly ffmpeg = "ffmpeg",
    private readonly maxRenders = 2,
  ) {}

  /** The pool if it is already in memory (the fast path of every segment request). */
  ready(spec: PoolSpec): Pool | null {
    const entry = this.entries.get(poolKey(spec));
    return entry?.state === "ready" ? entry.pool : null;
  }

  get(spec: PoolSpec, log?: Logger): Promise<Pool> {
    const key = poolKey(spec);
    const entry = this.entries.get(key);
    if (entry?.state === "ready") return Promise.resolve(entry.pool);
    if (entry?.state === "loading") return entry.promise;
    const started = performance.now();
    const promise = this.loadOrRender(key, spec, log).then(
      ({ pool, source }) => {
        const ms = Math.round(performance.now() - started);
        this.entries.set(key, { state: "ready", name: pool.name, pool, source, ms });
        log?.info({ pool: pool.name, source, ms, mb: +(pool.bytes / 1e6).toFixed(1) }, "media pool ready");
        return pool;
      },
      (err: unknown) => {
        const error = err instanceof Error ? err.message : String(err);
        this.entries.set(key, { state: "failed", name: poolName(spec), error });
        log?.error({ pool: poolName(spec), error }, "media pool failed");
        throw err;
      },
    );
    this.entries.set(key, { state: "loading", name: poolName(spec), promise, since: Date.now() });
    return promise;
  }

  describe() {
    return {
      dir: this.dir,
      pools: [...this.entries.entries()].map(([key, entry]) => {
        if (entry.state === "ready") {
          const { pool } = entry;
          return {
            key,
            name: entry.name,
            state: entry.state,
            source: entry.source,
            ms: entry.ms,
            entries: pool.entries.length,
            bytes: pool.bytes,
          };
        }
        if (entry.state === "loading") return { key, name: entry.name, state: entry.state };
        return { key, name: entry.name, state: entry.state, error: entry.error };
      }),
    };
  }

  private async loadOrRender(key: string, spec: PoolSpec, log?: Logger) {
    const folder = join(this.dir, key);
    const cached = await loadFromDisk(folder, key).catch(() => null);
    if (cached) return { pool: cached, source: "disk" as const };
    await this.slot();
    try {
      log?.info({ pool: poolName(spec) }, "rendering media pool with ffmpeg");
      return { pool: await this.render(key, spec, folder), source: "render" as const };
    } finally {
      this.release();
    }
  }

  private async render(key: string, spec: PoolSpec, folder: string): Promise<Pool> {
    const scratch = `${folder}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    await mkdir(scratch, { recursive: true });
    try {
      const rendered = await renderPool(spec, scratch, this.ffmpeg);
      if (rendered.files.length < spec.entries + 1) {
        throw new Error(`ffmpeg wrote ${rendered.files.length} segments, expected ${spec.entries + 1}`);
      }
      const kept = rendered.files.slice(1, spec.entries + 1);
      const entries = await Promise.all(kept.map(readBytes));
      const init = rendered.init ? await readBytes(rendered.init) : null;
      const origin = originOf(
        spec,
        await readBytes(rendered.files[0] as string),
        entries[0] as Uint8Array,
        init,
      );
      const meta: Meta = {
        version: MEDIA_VERSION,
        key,
        spec,
        files: kept.map((file) => basename(file)),
        init: rendered.init ? basename(rendered.init) : null,
        origin: { ts: origin.ts, tracks: [...origin.tracks] },
      };
      const pool = assemblePool(spec, entries, init, origin);
      await writeFile(join(scratch, "meta.json"), JSON.stringify(meta));
      // Another process may have finished the same pool first: keep theirs, drop ours.
      await rename(scratch, folder).catch(() => rm(scratch, { recursive: true, force: true }));
      return pool;
    } catch (err) {
      await rm(scratch, { recursive: true, force: true });
      throw err;
    }
  }

  private async slot(): Promise<void> {
    if (this.running < this.maxRenders) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

async function loadFromDisk(folder: string, key: string): Promise<Pool | null> {
  const meta = JSON.parse(await readFile(join(folder, "meta.json"), "utf8")) as Meta;
  if (meta.version !== MEDIA_VERSION || meta.key !== key) return null;
  const entries = await Promise.all(meta.files.map((file) => readBytes(join(folder, file))));
  const init = meta.init ? await readBytes(join(folder, meta.init)) : null;
  return assemblePool(meta.spec, entries, init, { ts: meta.origin.ts, tracks: new Map(meta.origin.tracks) });
}

async function readBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await Bun.file(path).arrayBuffer());
}
