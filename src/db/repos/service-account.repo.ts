import { eq, sql } from "drizzle-orm";
import type { ServiceAccountInput, StoredServiceAccount } from "../../domain/service-account.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, deleteFrom, insertInto, onConflictDoUpdate, select, update } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";

/** The service account's one row (id = 1). */
export interface ServiceAccountRepository {
  get(): Promise<StoredServiceAccount | null>;
  /** Sets the account, replacing whichever was set (its tokens, errors and refresh time go with it). */
  put(input: ServiceAccountInput): Promise<StoredServiceAccount>;
  /**
   * Stores refreshed tokens and clears the last error, only while `twitch_user_id` is still the account: a
   * refresh that finishes after the owner removed or replaced it writes nothing. Resolves whether it wrote.
   */
  saveTokens(
    twitchUserId: string,
    tokens: { encrypted_tokens: string; expires_at: string },
  ): Promise<boolean>;
  /** Notes why the account's token could not be had or used (same guard as `saveTokens`). */
  noteError(twitchUserId: string, message: string): Promise<boolean>;
  /** Removes the account; resolves whether there was one. */
  clear(): Promise<boolean>;
}

export function createServiceAccountRepository(db: SqlClient, clock: Clock): ServiceAccountRepository {
  const { twitchServiceAccount: s } = db.tables;
  const { id: _id, ...fields } = allColumns(s);
  const read = () => db.first(select(fields, sql`from ${s} where ${eq(s.id, 1)}`));
  const theAccount = (twitchUserId: string) => sql`${eq(s.id, 1)} and ${eq(s.twitch_user_id, twitchUserId)}`;
  return {
    get: read,

    async put(input) {
      const now = isoNow(clock);
      const row = {
        ...input,
        refreshed_at: input.refreshed_at ?? null,
        last_error: null,
        last_error_at: null,
        created_at: now,
        updated_at: now,
      };
      await db.run(sql`${insertInto(s, [{ id: 1, ...row }])} ${onConflictDoUpdate(s, [s.id], row)}`);
      return db.one(select(fields, sql`from ${s} where ${eq(s.id, 1)}`));
    },

    async saveTokens(twitchUserId, tokens) {
      const now = isoNow(clock);
      const set = { ...tokens, refreshed_at: now, last_error: null, last_error_at: null, updated_at: now };
      return (await db.run(update(s, set, theAccount(twitchUserId)))) > 0;
    },

    async noteError(twitchUserId, message) {
      const now = isoNow(clock);
      const set = { last_error: message.slice(0, 500), last_error_at: now, updated_at: now };
      return (await db.run(update(s, set, theAccount(twitchUserId)))) > 0;
    },

    async clear() {
      return (await db.run(deleteFrom(s, eq(s.id, 1)))) > 0;
    },
  };
}
