import { eq, sql } from "drizzle-orm";
import { ConflictError } from "../../domain/errors.ts";
import type { ApiToken, NewApiToken, NewSession, Session, User } from "../../domain/users.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, deleteFrom, insertInto, returning, select, update } from "../sql/query.ts";
import { type Clock, isoNow, isoPlus } from "./clock.ts";

export interface SessionRepository {
  create(session: NewSession): Promise<Session>;
  /** The session with its user; null when unknown or expired (an expired session is deleted). */
  findValid(hashedId: string): Promise<{ session: Session; user: User } | null>;
  /** Notes activity (last_active_at = now). */
  touch(hashedId: string): Promise<void>;
  /** Stores re-encrypted Twitch tokens after a refresh. */
  updateTokens(hashedId: string, encryptedTokens: string): Promise<void>;
  listForUser(userId: string): Promise<Session[]>;
  delete(hashedId: string): Promise<boolean>;
  /** Deletes one of the user's own sessions; false when it is not theirs (or gone). */
  deleteOwn(userId: string, hashedId: string): Promise<boolean>;
  deleteAllForUser(userId: string): Promise<number>;
  deleteExpired(): Promise<number>;
}

export function createSessionRepository(db: SqlClient, clock: Clock): SessionRepository {
  const { sessions, users } = db.tables;
  return {
    async create(session) {
      const now = isoNow(clock);
      const row = {
        user_agent: null,
        ip_address: null,
        ...session,
        last_active_at: now,
        created_at: now,
      };
      const created = await db.one(returning(sessions, insertInto(sessions, [row])));
      return created;
    },

    async findValid(hashedId) {
      const fields = { ...allColumns(users), session_expires_at: sessions.expires_at };
      const found = await db.first(
        select(
          fields,
          sql`from ${sessions} join ${users} on ${eq(users.id, sessions.user_id)} where ${eq(sessions.hashed_id, hashedId)}`,
        ),
      );
      if (!found) return null;
      if (found.session_expires_at <= isoNow(clock)) {
        await db.run(deleteFrom(sessions, eq(sessions.hashed_id, hashedId)));
        return null;
      }
      const session = await db.first(
        select(allColumns(sessions), sql`from ${sessions} where ${eq(sessions.hashed_id, hashedId)}`),
      );
      if (!session) return null;
      const { session_expires_at: _, ...user } = found;
      return { session, user };
    },

    async touch(hashedId) {
      await db.run(update(sessions, { last_active_at: isoNow(clock) }, eq(sessions.hashed_id, hashedId)));
    },

    async updateTokens(hashedId, encryptedTokens) {
      await db.run(update(sessions, { encrypted_tokens: encryptedTokens }, eq(sessions.hashed_id, hashedId)));
    },

    listForUser: (userId) =>
      db.all(
        select(
          allColumns(sessions),
          sql`from ${sessions} where ${eq(sessions.user_id, userId)} order by ${sessions.last_active_at} desc, ${sessions.hashed_id}`,
        ),
      ),

    async delete(hashedId) {
      return (await db.run(deleteFrom(sessions, eq(sessions.hashed_id, hashedId)))) > 0;
    },

    async deleteOwn(userId, hashedId) {
      const where = sql`${eq(sessions.hashed_id, hashedId)} and ${eq(sessions.user_id, userId)}`;
      return (await db.run(deleteFrom(sessions, where))) > 0;
    },

    deleteAllForUser: (userId) => db.run(deleteFrom(sessions, eq(sessions.user_id, userId))),

    deleteExpired: () => db.run(deleteFrom(sessions, sql`${sessions.expires_at} <= ${isoNow(clock)}`)),
  };
}

/** How often at most `last_used_at` is rewritten: a busy script should not turn every request into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenRepository {
  /** @throws ConflictError when the user already has a token with that name. */
  create(token: NewApiToken): Promise<ApiToken>;
  /** The token and its user when the hash is known and the token unexpired; notes its use. */
  authenticate(tokenHash: string): Promise<{ token: ApiToken; user: User } | null>;
  listForUser(userId: string): Promise<ApiToken[]>;
  /** Deletes one of the user's tokens; false when it is not theirs (or gone). */
  delete(userId: string, id: number): Promise<boolean>;
  deleteExpired(): Promise<number>;
}

export function createApiTokenRepository(db: SqlClient, clock: Clock): ApiTokenRepository {
  const { apiTokens, users } = db.tables;
  // Never the hash: it stays in the database.
  const tokenFields = {
    id: apiTokens.id,
    user_id: apiTokens.user_id,
    name: apiTokens.name,
    token_prefix: apiTokens.token_prefix,
    created_at: apiTokens.created_at,
    last_used_at: apiTokens.last_used_at,
    expires_at: apiTokens.expires_at,
    scope: apiTokens.scope,
  };
  // The token's fields beside the user's in one row (both have `id`, `name`, `created_at`).
  const tokenAs = Object.fromEntries(
    Object.entries(tokenFields).map(([key, column]) => [`token_${key}`, column]),
  ) as { [K in keyof typeof tokenFields as `token_${K}`]: (typeof tokenFields)[K] };
  const splitTokenRow = (row: Record<string, unknown>): { user: User; token: ApiToken } => {
    const user: Record<string, unknown> = {};
    const token: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith("token_") && key.slice(6) in tokenFields) token[key.slice(6)] = value;
      else user[key] = value;
    }
    return { user: user as unknown as User, token: token as unknown as ApiToken };
  };
  return {
    async create(token) {
      const row = { expires_at: null, ...token, created_at: isoNow(clock) };
      try {
        await db.run(insertInto(apiTokens, [row]));
      } catch (err) {
        if (db.isUniqueViolation(err))
          throw new ConflictError(`a token named "${token.name}" already exists`);
        throw err;
      }
      return db.one(
        select(tokenFields, sql`from ${apiTokens} where ${eq(apiTokens.token_hash, token.token_hash)}`),
      );
    },

    // Every API call with a token asks this: one read, and a write only when `last_used_at` is stale.
    async authenticate(tokenHash) {
      const now = isoNow(clock);
      const found = await db.first(
        select(
          { ...allColumns(users), ...tokenAs },
          sql`from ${apiTokens} join ${users} on ${eq(users.id, apiTokens.user_id)}
              where ${eq(apiTokens.token_hash, tokenHash)}
                and (${apiTokens.expires_at} is null or ${apiTokens.expires_at} > ${now})`,
        ),
      );
      if (!found) return null;
      const { user, token } = splitTokenRow(found);
      const stale = isoPlus(clock, -LAST_USED_RESOLUTION_MS);
      if (token.last_used_at === null || token.last_used_at < stale) {
        await db.run(update(apiTokens, { last_used_at: now }, eq(apiTokens.id, token.id)));
        token.last_used_at = now;
      }
      return { token, user };
    },

    listForUser: (userId) =>
      db.all(
        select(
          tokenFields,
          sql`from ${apiTokens} where ${eq(apiTokens.user_id, userId)} order by ${apiTokens.created_at}, ${apiTokens.id}`,
        ),
      ),

    async delete(userId, id) {
      return (
        (await db.run(
          deleteFrom(apiTokens, sql`${eq(apiTokens.id, id)} and ${eq(apiTokens.user_id, userId)}`),
        )) > 0
      );
    },

    deleteExpired: () =>
      db.run(
        deleteFrom(
          apiTokens,
          sql`${apiTokens.expires_at} is not null and ${apiTokens.expires_at} <= ${isoNow(clock)}`,
        ),
      ),
  };
}
