import { eq, sql } from "drizzle-orm";
import type { SqlClient } from "../sql/client.ts";
import { excluded, insertInto, onConflictDoUpdate, select, takeExcluded } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";

/** The relay client's resume point, per relay. */
export interface RelayCursorRepository {
  /** The last cursor handled for `relay`, 0 when none. */
  get(relay: string): Promise<number>;
  /** Stores `cursor` unless a larger one is stored already (cursors only move forward). */
  advance(relay: string, cursor: number): Promise<void>;
}

export function createRelayCursorRepository(db: SqlClient, clock: Clock): RelayCursorRepository {
  const { relayCursors: r } = db.tables;
  return {
    async get(relay) {
      const row = await db.first(select({ cursor: r.cursor }, sql`from ${r} where ${eq(r.relay, relay)}`));
      return row?.cursor ?? 0;
    },
    async advance(relay, cursor) {
      await db.run(
        sql`${insertInto(r, [{ relay, cursor, updated_at: isoNow(clock) }])} ${onConflictDoUpdate(
          r,
          [r.relay],
          takeExcluded(r, ["cursor", "updated_at"]),
          { when: sql`${r.cursor} < ${excluded(r.cursor)}` },
        )}`,
      );
    },
  };
}
