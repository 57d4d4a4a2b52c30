import { eq, sql } from "drizzle-orm";
import type { ServerSettings, ServerSettingsPatch } from "../../domain/ops.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, insertInto, onConflictDoNothing, select, update } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";

/** The one row of server-wide settings (id = 1), created with defaults on first use. */
export interface ServerSettingsRepository {
  get(): Promise<ServerSettings>;
  update(patch: ServerSettingsPatch): Promise<ServerSettings>;
  /**
   * The EventSub secret: stores `candidate` only if none is stored yet, and resolves to the stored one, so
   * instances starting together all end up with the same secret.
   */
  ensureEventSubSecret(candidate: string): Promise<string>;
  /** Replaces the EventSub secret only if it is still `expected` (sealing a plain one, once). */
  replaceEventSubSecret(expected: string, replacement: string): Promise<void>;
}

export function createServerSettingsRepository(db: SqlClient, clock: Clock): ServerSettingsRepository {
  const { serverSettings: s } = db.tables;
  const { id: _id, ...fields } = allColumns(s);
  const read = () => db.first(select(fields, sql`from ${s} where ${eq(s.id, 1)}`));
  const ensureRow = async () => {
    const now = isoNow(clock);
    await db.run(
      sql`${insertInto(s, [{ id: 1, created_at: now, updated_at: now }])} ${onConflictDoNothing([s.id])}`,
    );
  };
  return {
    async get() {
      const current = await read();
      if (current) return current;
      await ensureRow();
      return db.one(select(fields, sql`from ${s} where ${eq(s.id, 1)}`));
    },

    async update(patch) {
      await ensureRow();
      const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      await db.run(update(s, { ...values, updated_at: isoNow(clock) }, eq(s.id, 1)));
      return db.one(select(fields, sql`from ${s} where ${eq(s.id, 1)}`));
    },

    async ensureEventSubSecret(candidate) {
      await ensureRow();
      await db.run(
        update(
          s,
          { eventsub_secret: candidate, updated_at: isoNow(clock) },
          sql`${eq(s.id, 1)} and ${s.eventsub_secret} is null`,
        ),
      );
      return (await read())?.eventsub_secret ?? candidate;
    },

    async replaceEventSubSecret(expected, replacement) {
      await db.run(
        update(
          s,
          { eventsub_secret: replacement, updated_at: isoNow(clock) },
          sql`${eq(s.id, 1)} and ${s.eventsub_secret} = ${expected}`,
        ),
      );
    },
  };
}
