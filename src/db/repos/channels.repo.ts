import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type {
  Channel,
  ChannelCursor,
  ChannelListQuery,
  ChannelUpsert,
  ChannelUserState,
  ChannelView,
  Follow,
  LatestLive,
} from "../../domain/channels.ts";
import { ConflictError, InvalidInputError } from "../../domain/errors.ts";
import type { Page } from "../../domain/pagination.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  asBoolean,
  deleteFrom,
  insertInto,
  nullable,
  onConflictDoUpdate,
  returning,
  select,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { afterCursor, clampLimit, keysetOrder, toPage } from "./keyset.ts";
import { containsPattern, likeLower, matchRank, normalizeQuery } from "./text-search.ts";

export interface ChannelRepository {
  /** Creates or refreshes a channel from Helix; optional fields left out keep their stored value. */
  upsert(channel: ChannelUpsert): Promise<Channel>;
  upsertMany(channels: readonly ChannelUpsert[]): Promise<void>;
  getById(broadcasterId: string, viewerId?: string | null): Promise<ChannelView | null>;
  /** By login, case-insensitively. */
  getByLogin(login: string, viewerId?: string | null): Promise<ChannelView | null>;
  /** Every watched channel, by name. */
  list(viewerId?: string | null): Promise<ChannelView[]>;
  listPage(query: ChannelListQuery): Promise<Page<ChannelView, ChannelCursor>>;
  /** The channels the user follows on Twitch (as last mirrored), by name. */
  listFollowed(userId: string): Promise<ChannelView[]>;
  /** Login or display name containing the query: exact, then prefix, then substring; then by name. */
  search(query: string, limit: number, viewerId?: string | null): Promise<ChannelView[]>;
  /** The most recent stream of each channel, newest first. */
  latestLive(limit: number): Promise<LatestLive[]>;
  setFavorite(userId: string, broadcasterId: string, favorite: boolean): Promise<ChannelUserState>;
  /**
   * Mirrors the user's Twitch follows: the listed channels (which must exist) are followed, every other
   * channel the user followed is marked unfollowed.
   */
  replaceFollows(userId: string, follows: readonly Follow[]): Promise<void>;
  /** Every watched channel's id (live detection covers them all). */
  listIds(): Promise<string[]>;
  /** @throws ConflictError while recordings of the channel exist. */
  delete(broadcasterId: string): Promise<boolean>;
}

export function createChannelRepository(db: SqlClient, clock: Clock): ChannelRepository {
  const t = db.tables;
  const { channels, channelUserStates: states, streams, videos, userFollowedChannels: follows } = t;

  const viewFields = {
    ...allColumns(channels),
    favorite: nullable(states.favorite),
    state_updated_at: nullable(states.updated_at),
    is_live: asBoolean(
      sql`exists (select 1 from ${streams} where ${streams.broadcaster_id} = ${channels.broadcaster_id} and ${streams.ended_at} is null)`,
    ),
  };
  const fromChannels = (viewerId: string | null | undefined) =>
    sql`from ${channels} left join ${states} on ${states.broadcaster_id} = ${channels.broadcaster_id} and ${states.user_id} = ${viewerId ?? null}`;
  const nameKey = sql`lower(${channels.broadcaster_name})`;
  const idKey = sql`${channels.broadcaster_id}`;

  const views = async (query: SQL, viewerId: string | null | undefined): Promise<ChannelView[]> =>
    (await db.all(select(viewFields, sql`${fromChannels(viewerId)} ${query}`))).map(toChannelView);

  return {
    async upsert(channel) {
      await upsertChannels(db, clock, [channel]);
      const row = await db.one(
        select(
          allColumns(channels),
          sql`from ${channels} where ${eq(channels.broadcaster_id, channel.broadcaster_id)}`,
        ),
      );
      return row;
    },

    upsertMany: (rows) => db.transaction((tx) => upsertChannels(tx, clock, rows)),

    async getById(id, viewerId) {
      const [view] = await views(sql`where ${eq(channels.broadcaster_id, id)}`, viewerId);
      return view ?? null;
    },

    async getByLogin(login, viewerId) {
      const [view] = await views(
        sql`where lower(${channels.broadcaster_login}) = ${normalizeQuery(login)}`,
        viewerId,
      );
      return view ?? null;
    },

    list: (viewerId) => views(sql`order by ${nameKey}, ${idKey}`, viewerId),

    async listPage(query) {
      const limit = clampLimit(query.limit);
      const order = query.order ?? "asc";
      const direction = query.direction ?? "forward";
      const filter = query.filter ?? "all";
      const conditions: SQL[] = [];
      if (filter === "live") conditions.push(viewFields.is_live.sql);
      if (filter === "favorites") conditions.push(sql`${states.favorite} = true`);
      if (filter === "downloaded") {
        conditions.push(
          sql`exists (select 1 from ${videos} where ${videos.broadcaster_id} = ${channels.broadcaster_id} and ${videos.deleted_at} is null)`,
        );
      }
      const keys = [nameKey, idKey];
      if (query.cursor) {
        if (
          typeof query.cursor.broadcaster_name !== "string" ||
          typeof query.cursor.broadcaster_id !== "string"
        ) {
          throw new InvalidInputError("channel cursor needs broadcaster_name and broadcaster_id");
        }
        const values = [sql`lower(${query.cursor.broadcaster_name})`, sql`${query.cursor.broadcaster_id}`];
        conditions.push(afterCursor(keys, values, order, direction));
      }
      const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
      const rows = await views(
        sql`${where} order by ${keysetOrder(keys, order, direction)} limit ${limit + 1}`,
        query.viewer_id,
      );
      return toPage(rows, limit, direction, Boolean(query.cursor), (c) => ({
        broadcaster_name: c.broadcaster_name,
        broadcaster_id: c.broadcaster_id,
      }));
    },

    listFollowed: (userId) =>
      views(
        sql`where exists (select 1 from ${follows} where ${follows.broadcaster_id} = ${channels.broadcaster_id}
              and ${follows.user_id} = ${userId} and ${follows.followed} = true)
            order by ${nameKey}, ${idKey}`,
        userId,
      ),

    async search(query, limit, viewerId) {
      if (query.trim() === "") return [];
      const pattern = containsPattern(query);
      const rank = sql`coalesce(${matchRank(sql`${channels.broadcaster_login}`, query, 0)}, ${matchRank(sql`${channels.broadcaster_name}`, query, 0)}, 2)`;
      return views(
        sql`where ${likeLower(sql`${channels.broadcaster_login}`, pattern)} or ${likeLower(sql`${channels.broadcaster_name}`, pattern)}
            order by ${rank}, ${nameKey}, ${idKey} limit ${clampLimit(limit)}`,
        viewerId,
      );
    },

    async latestLive(limit) {
      const latest = await db.all(
        select(
          allColumns(streams),
          sql`from ${streams} where ${streams.started_at} = (
                select max(s2.started_at) from ${streams} s2 where s2.broadcaster_id = ${streams.broadcaster_id})
              order by ${streams.started_at} desc, ${streams.id} limit ${clampLimit(limit, 100)}`,
        ),
      );
      if (latest.length === 0) return [];
      const owners = await db.all(
        select(
          allColumns(channels),
          sql`from ${channels} where ${inArray(
            channels.broadcaster_id,
            latest.map((s) => s.broadcaster_id),
          )}`,
        ),
      );
      const byId = new Map(owners.map((c) => [c.broadcaster_id, c]));
      return latest.flatMap((stream) => {
        const channel = byId.get(stream.broadcaster_id);
        return channel ? [{ stream, channel }] : [];
      });
    },

    async setFavorite(userId, broadcasterId, favorite) {
      const now = isoNow(clock);
      const state = await db.one(
        returning(
          states,
          sql`${insertInto(states, [{ user_id: userId, broadcaster_id: broadcasterId, favorite, updated_at: now }])}
              ${onConflictDoUpdate(states, [states.user_id, states.broadcaster_id], takeExcluded(states, ["favorite", "updated_at"]))}`,
        ),
      );
      return { favorite: state?.favorite ?? favorite, updated_at: state?.updated_at ?? now };
    },

    replaceFollows: (userId, list) =>
      db.transaction(async (tx) => {
        const f = tx.tables.userFollowedChannels;
        const ids = list.map((x) => x.broadcaster_id);
        const unfollowed = ids.length
          ? sql`${eq(f.user_id, userId)} and ${f.broadcaster_id} not in ${ids}`
          : eq(f.user_id, userId);
        await tx.run(update(f, { followed: false }, unfollowed));
        if (list.length === 0) return;
        const rows = list.map((x) => ({
          user_id: userId,
          broadcaster_id: x.broadcaster_id,
          followed_at: x.followed_at,
          followed: true,
        }));
        await tx.run(
          sql`${insertInto(f, rows)} ${onConflictDoUpdate(f, [f.user_id, f.broadcaster_id], takeExcluded(f, ["followed_at", "followed"]))}`,
        );
      }),

    async listIds() {
      const rows = await db.all(
        select({ id: channels.broadcaster_id }, sql`from ${channels} order by ${idKey}`),
      );
      return rows.map((r) => r.id);
    },

    async delete(broadcasterId) {
      try {
        return (await db.run(deleteFrom(channels, eq(channels.broadcaster_id, broadcasterId)))) > 0;
      } catch (err) {
        if (db.isForeignKeyViolation(err)) {
          throw new ConflictError(`channel ${broadcasterId} has recordings; delete them first`);
        }
        throw err;
      }
    },
  };
}

/** Each channel in its own upsert: rows may carry different fields, and absent ones keep their value. */
async function upsertChannels(db: SqlClient, clock: Clock, rows: readonly ChannelUpsert[]): Promise<void> {
  const { channels } = db.tables;
  const now = isoNow(clock);
  const byId = new Map(rows.map((r) => [r.broadcaster_id, r]));
  for (const row of byId.values()) {
    const keys = (Object.keys(row) as (keyof ChannelUpsert)[]).filter(
      (k) => row[k] !== undefined && k !== "broadcaster_id",
    );
    await db.run(
      sql`${insertInto(channels, [{ ...row, created_at: now, updated_at: now }])} ${onConflictDoUpdate(
        channels,
        [channels.broadcaster_id],
        takeExcluded(channels, [...keys, "updated_at"]),
      )}`,
    );
  }
}

function toChannelView(
  row: Channel & { favorite: boolean | null; state_updated_at: string | null; is_live: boolean },
): ChannelView {
  const { favorite, state_updated_at, is_live, ...channel } = row;
  return {
    ...channel,
    is_live,
    user_state:
      state_updated_at === null ? null : { favorite: favorite ?? false, updated_at: state_updated_at },
  };
}
