import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository } from "../../src/db/repository.ts";
import { channel, startInput } from "../../src/db/contract/fixtures.ts";
import { parseIrcLine } from "../../src/twitch/irc/message.ts";
import { chatEventFromIrc } from "../../src/chat/irc-chat.ts";
const lines: string[] = JSON.parse(await Bun.file("/tmp/chatmb-lines.json").text());
const url = process.argv[2] ?? `sqlite:${join(mkdtempSync(join(tmpdir(), "mb-")), "db.sqlite")}`;
const db = await openDatabase(url, { poolSize: 4 });
await migrate(db);
const repo = createRepository(db);
await channel(repo, "1");
const rec = await repo.recordings.start(startInput("1"));
const videoId = rec.video.id;
const rows: any[] = [];
for (const l of lines) {
  const m = parseIrcLine(l);
  const e = m && chatEventFromIrc(m, Date.now());
  if (e && "message" in e) rows.push({ ...e.message, offset_ms: rows.length * 10, deleted: false });
}
for (let round = 0; round < 3; round++) {
  const batch = rows.map((r) => ({ ...r, msg_id: `${r.msg_id}-${round}` }));
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < batch.length; i += 200) await repo.chat.insertMessages(videoId, batch.slice(i, i + 200));
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  console.log(`insert ${((ms * 1000) / batch.length).toFixed(2)} µs/line wall, ${(((cpu.user + cpu.system)) / batch.length).toFixed(2)} µs/line cpu`);
}
await db.close();
