import { Database } from "bun:sqlite";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const variants: Record<string, string[]> = {
  full: ["create unique index m on t(video_id, msg_id)", "create index tl on t(video_id, offset_ms, id)", "create index u on t(video_id, user_id, sent_at)"],
  no_msg: ["create index tl on t(video_id, offset_ms, id)", "create index u on t(video_id, user_id, sent_at)"],
  no_user: ["create unique index m on t(video_id, msg_id)", "create index tl on t(video_id, offset_ms, id)"],
  timeline_only: ["create index tl on t(video_id, offset_ms, id)"],
  none: [],
};
const uuid = () => crypto.randomUUID();
for (const [name, idx] of Object.entries(variants)) {
  for (const auto of ["AUTOINCREMENT", ""]) {
    const db = new Database(join(mkdtempSync(join(tmpdir(), "ix-")), "d.db"));
    db.exec("pragma journal_mode=wal; pragma synchronous=normal;");
    db.exec(`create table t (id integer primary key ${auto}, video_id integer, msg_id text, kind text, sent_at text, offset_ms integer, user_id text, user_login text, display_name text, color text, text text, system_text text, action integer, bits integer, badges text, emotes text, reply text, params text, deleted integer)`);
    for (const s of idx) db.exec(s);
    const ins = db.query("insert into t (video_id,msg_id,kind,sent_at,offset_ms,user_id,user_login,display_name,color,text,system_text,action,bits,badges,emotes,reply,params,deleted) select 1, value->>0, 'message', value->>1, value->>2, value->>3, 'somelogin', 'SomeLogin', '#FF0000', value->>4, null, 0, 0, '[{\"set_id\":\"subscriber\",\"version\":\"12\"}]', '[]', null, '{}', 0 from json_each(?) where true on conflict do nothing");
    let off = 0;
    const times: number[] = [];
    for (let b = 0; b < 1000; b++) {
      const rows = Array.from({ length: 200 }, () => [uuid(), new Date(1.7e12 + off * 10).toISOString(), off++, String(Math.floor(Math.random() * 5000)), "hello there this is a chat message Kappa"]);
      const p = JSON.stringify(rows);
      const t = performance.now();
      db.transaction(() => ins.run(p))();
      times.push(performance.now() - t);
    }
    const avg = (a: number[]) => (a.reduce((x, y) => x + y, 0) / a.length) * 1000 / 200;
    console.log(`${name.padEnd(14)} ${auto.padEnd(13)} first 20k ${avg(times.slice(0, 100)).toFixed(2)} µs/row, last 20k (of 200k) ${avg(times.slice(-100)).toFixed(2)} µs/row`);
    db.close();
  }
}
