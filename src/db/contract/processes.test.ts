import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { DatabaseHandle } from "../connection.ts";
import { migrate } from "../migrate.ts";
import { createRepository } from "../repository.ts";
import { channel } from "./fixtures.ts";
import { contract } from "./harness.ts";

/**
 * Real processes against one database: a writer killed with SIGKILL in the middle of its writes (the
 * database keeps whole transactions only), and writers racing each other (constraints hold, nothing is
 * lost). Synchronisation is by the children's output, never by sleeping.
 */

const WRITER = join(import.meta.dir, "../../../tests/support/db-writer.ts");

const children: Subprocess[] = [];

function spawnWriter(url: string, ...args: string[]): Subprocess<"pipe", "pipe", "inherit"> {
  const child = Bun.spawn([process.execPath, WRITER, ...args], {
    env: { ...process.env, DATABASE_URL: url },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  children.push(child);
  return child;
}

// A failed test must not leave a writer running against the next test's database.
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill("SIGKILL");
    await child.exited;
  }
});

/** The child's stdout as JSON lines, read one at a time (the stream stays open between reads). */
class Lines {
  private readonly reader: { read(): Promise<{ value?: Uint8Array; done?: boolean }> };
  private readonly decoder = new TextDecoder();
  private buffer = "";

  constructor(child: Subprocess<"pipe", "pipe", "inherit">) {
    this.reader = child.stdout.getReader();
  }

  /** The next line, or null once the child closed its output. */
  async next(): Promise<Record<string, unknown> | null> {
    for (;;) {
      const newline = this.buffer.indexOf("\n");
      if (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        if (line.trim()) return JSON.parse(line);
        continue;
      }
      const { value, done } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads until a line satisfies `wanted`; fails if the output ends first. */
  async until(wanted: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const line = await this.next();
      if (line === null) throw new Error("the writer ended before the expected line");
      if (wanted(line)) return line;
    }
  }
}

async function rows(handle: DatabaseHandle, query: string): Promise<Record<string, unknown>[]> {
  if (handle.dialect === "sqlite") return handle.client.query(query).all() as Record<string, unknown>[];
  return [...(await handle.client.unsafe(query))];
}

async function count(handle: DatabaseHandle, query: string): Promise<number> {
  const [row] = await rows(handle, query);
  return Number(Object.values(row ?? { n: 0 })[0]);
}

contract("a writer killed mid-write", (c) => {
  test("leaves only whole transactions: every part has its video and job, totals and checkpoints agree", async () => {
    for (const id of ["1", "2", "3"]) await channel(c.repo, id);
    const writer = spawnWriter(c.database.url, "record-loop", "1,2,3");
    await new Lines(writer).until((line) => Number(line.finished) >= 4);
    // It is now inside its next recording: kill it without warning.
    writer.kill("SIGKILL");
    await writer.exited;
    expect(writer.signalCode).toBe("SIGKILL");

    // "Restart": a new connection, migrations find nothing to do.
    const db = await c.database.open();
    expect((await migrate(db)).applied).toEqual([]);
    if (db.dialect === "sqlite") {
      expect(await rows(db, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
      expect(await rows(db, "PRAGMA foreign_key_check")).toEqual([]);
    }
    const broken = {
      "parts without their video": `SELECT count(*) AS n FROM video_parts p LEFT JOIN videos v ON v.id = p.video_id WHERE v.id IS NULL`,
      "videos without their job": `SELECT count(*) AS n FROM videos v LEFT JOIN jobs j ON j.video_id = v.id WHERE j.id IS NULL`,
      "videos without a title span": `SELECT count(*) AS n FROM videos v
          WHERE NOT EXISTS (SELECT 1 FROM video_title_spans s WHERE s.video_id = v.id)`,
      "videos whose size is not the sum of their finalized parts": `SELECT count(*) AS n FROM videos v LEFT JOIN (
          SELECT video_id, sum(size_bytes) AS size FROM video_parts WHERE finalized_at IS NOT NULL GROUP BY video_id
        ) p ON p.video_id = v.id WHERE coalesce(v.size_bytes, -1) <> coalesce(p.size, -1)`,
      "videos and jobs in different states": `SELECT count(*) AS n FROM videos v JOIN jobs j ON j.video_id = v.id WHERE v.status <> j.status`,
      "finished videos without their webhook": `SELECT count(*) AS n FROM videos v WHERE v.status = 'DONE'
          AND NOT EXISTS (SELECT 1 FROM recording_webhook_deliveries d WHERE d.video_id = v.id)`,
      "channels with two open jobs": `SELECT count(*) AS n FROM (SELECT broadcaster_id FROM jobs
          WHERE status IN ('PENDING', 'RUNNING') GROUP BY broadcaster_id HAVING count(*) > 1) x`,
    };
    for (const [what, query] of Object.entries(broken))
      expect({ what, n: await count(db, query) }).toEqual({ what, n: 0 });
    expect(await count(db, "SELECT count(*) AS n FROM videos WHERE status = 'DONE'")).toBeGreaterThanOrEqual(
      4,
    );

    // Each job's checkpoint was written with its part: it counts exactly the finalized parts.
    const repo = createRepository(db);
    const unfinished = await repo.recordings.listUnfinished();
    for (const { job, parts } of unfinished) {
      expect(job.resume_state.parts_done ?? 0).toBe(parts.filter((p) => p.finalized_at !== null).length);
    }
    // And the recording it was in can be picked up and ended.
    for (const { job } of unfinished) {
      await repo.recordings.finish({
        job_id: job.id,
        status: "FAILED",
        completion_kind: "partial",
        truncated: true,
      });
    }
    expect(await repo.recordings.listUnfinished()).toEqual([]);
  }, 60_000);
});

contract("concurrent writer processes", (c) => {
  test("racing to record one channel: exactly one process wins, the others get a conflict", async () => {
    await channel(c.repo, "1");
    const writers = Array.from({ length: 4 }, () => spawnWriter(c.database.url, "race-start", "1"));
    const outputs = writers.map((w) => new Lines(w));
    await Promise.all(outputs.map((out) => out.until((line) => line.ready === true)));
    for (const w of writers) {
      w.stdin.write("go\n");
      w.stdin.end();
    }
    const outcomes = await Promise.all(outputs.map((out) => out.until(() => true)));
    for (const w of writers) expect(await w.exited).toBe(0);
    expect(outcomes.filter((o) => o.started)).toHaveLength(1);
    expect(outcomes.filter((o) => o.conflict)).toHaveLength(3);
    expect(await count(c.handle, "SELECT count(*) AS n FROM jobs")).toBe(1);
  }, 60_000);

  test("appending and claiming at once: nothing is lost, and no delivery is claimed twice", async () => {
    const writers = Array.from({ length: 3 }, () => spawnWriter(c.database.url, "append", "100"));
    const results = await Promise.all(writers.map((w) => new Lines(w).until((line) => "claimed" in line)));
    for (const w of writers) expect(await w.exited).toBe(0);
    const claimed = results.flatMap((line) => line.claimed as number[]);
    expect(await count(c.handle, "SELECT count(*) AS n FROM event_logs")).toBe(300);
    expect(await count(c.handle, "SELECT count(*) AS n FROM recording_webhook_deliveries")).toBe(300);
    expect(claimed).toHaveLength(300);
    expect(new Set(claimed).size).toBe(300);
    expect((await c.repo.eventLogs.search({ query: "entry", limit: 1, offset: 0 })).total).toBe(300);
  }, 60_000);
});
