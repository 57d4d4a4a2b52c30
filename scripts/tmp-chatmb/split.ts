import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { parseIrcLine } from "../../src/twitch/irc/message.ts";
import { chatEventFromIrc } from "../../src/chat/irc-chat.ts";
import { chatInsert } from "../../src/db/repos/chat-insert.ts";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository } from "../../src/db/repository.ts";
import { channel, startInput } from "../../src/db/contract/fixtures.ts";
const lines: string[] = JSON.parse(await Bun.file("/tmp/chatmb-lines.json").text());
const file = join(mkdtempSync(join(tmpdir(), "mb-")), "db.sqlite");
const h = await openDatabase(`sqlite:${file}`, { poolSize: 1 });
await migrate(h);
const repo = createRepository(h);
await channel(repo, "1");
const videoId = (await repo.recordings.start(startInput("1"))).video.id;
await h.close();
const db = new Database(file);
db.exec("pragma journal_mode=wal");
const rows: any[] = [];
for (const l of lines) {
  const m = parseIrcLine(l);
  const e = m && chatEventFromIrc(m, Date.now());
  if (e && "message" in e) rows.push({ ...e.message, offset_ms: rows.length * 10, deleted: false });
}
const dialect = new SQLiteSyncDialect();
for (let round = 0; round < 4; round++) {
  const batch = rows.map((r) => ({ ...r, msg_id: `${r.msg_id}-${round}` }));
  let build = 0, run = 0;
  for (let i = 0; i < batch.length; i += 200) {
    let t = performance.now();
    const q = dialect.sqlToQuery(chatInsert("sqlite", videoId, batch.slice(i, i + 200)));
    build += performance.now() - t;
    t = performance.now();
    db.query(q.sql).run(...(q.params as any[]));
    run += performance.now() - t;
  }
  console.log(`build ${(build * 1000 / batch.length).toFixed(2)} µs/line, run ${(run * 1000 / batch.length).toFixed(2)} µs/line`);
}
