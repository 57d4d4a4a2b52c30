import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chatLine } from "../../tests/support/chat-lines.ts";
import { createTestPgDatabase } from "../../tests/support/postgres.ts";
import { type DatabaseHandle, openDatabase } from "./connection.ts";
import { channel, finishedVideo } from "./contract/fixtures.ts";
import { migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations.ts";
import { createRepository } from "./repository.ts";

/** Chat stored a line per row (migration 0011) is kept when 0012 moves it into chunks. */

const open: Record<"sqlite" | "pg", () => Promise<{ db: DatabaseHandle; drop(): Promise<void> }>> = {
  sqlite: async () => ({
    db: await openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), "replayd-chat-mig-")), "t.db")}`),
    drop: async () => {},
  }),
  pg: async () => {
    const pg = await createTestPgDatabase();
    return { db: await openDatabase(pg.url, { poolSize: 2 }), drop: () => pg.drop() };
  },
};

const COLUMNS =
  "video_id, msg_id, kind, sent_at, offset_ms, user_id, user_login, display_name, text, deleted, raw";

for (const dialect of ["sqlite", "pg"] as const) {
  describe(`chat chunks migration on ${dialect}`, () => {
    let opened: { db: DatabaseHandle; drop(): Promise<void> } | null = null;
    afterEach(async () => {
      await opened?.db.close();
      await opened?.drop();
      opened = null;
    });

    test("every line stored a row each comes back the same from chunks, deletions and odd text included", async () => {
      opened = await open[dialect]();
      const { db } = opened;
      await migrate(
        db,
        MIGRATIONS[dialect].filter((m) => m.version <= 11),
      );
      const repo = createRepository(db);
      await channel(repo, "1");
      const video = await finishedVideo(repo, "1");
      const lines = [
        chatLine(1, 500),
        chatLine(2, 500, { text: "tab\there, back\\slash", deleted: true }),
        chatLine(3, 59_999, { kind: "resub", user_id: null, text: "" }),
        chatLine(4, 61_000, { text: "next minute" }),
        chatLine(5, 250),
      ];
      for (const l of lines) {
        const values = [
          video.id,
          l.msg_id,
          l.kind,
          new Date(l.sent_at_ms).toISOString(),
          l.offset_ms,
          l.user_id,
          l.user_login,
          l.display_name,
          l.text,
          l.deleted,
          l.raw,
        ];
        if (db.dialect === "sqlite") {
          db.client
            .prepare(`insert into chat_messages (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(...(values.map((v) => (typeof v === "boolean" ? Number(v) : v)) as never[]));
        } else {
          await db.client.unsafe(
            `insert into chat_messages (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            values as never[],
          );
        }
      }

      await migrate(db);
      const page = await repo.chat.page(video.id, { offsetMs: 0, limit: 10 });
      const expected = [lines[4], lines[0], lines[1], lines[2], lines[3]];
      expect(page.lines.map(({ id: _id, video_id: _v, ...rest }) => rest)).toEqual(expected as never);
      expect(await repo.chat.count(video.id)).toBe(5);
      expect(
        (await repo.chat.search(video.id, "back\\slash", { limit: 5 })).hits.map((h) => h.msg_id),
      ).toEqual(["m2"]);
    });
  });
}
