import { eq, sql } from "drizzle-orm";
import type { Stream, StreamSnapshot } from "../../domain/channels.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  insertInto,
  onConflictDoNothing,
  onConflictDoUpdate,
  returning,
  select,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";
import { ensureCategories, ensureTags, ensureTitle } from "./labels.repo.ts";

export interface StreamRepository {
  /**
   * Stores what Helix says about a live stream (created or refreshed) and links its title, category and
   * tags. @throws NotFoundError when the channel is not watched.
   */
  record(snapshot: StreamSnapshot): Promise<Stream>;
  getById(id: string): Promise<Stream | null>;
  /** Streams still open (live as far as we know), newest first. */
  listActive(): Promise<Stream[]>;
  listByBroadcaster(broadcasterId: string, page: { limit: number; offset: number }): Promise<Stream[]>;
  lastForBroadcaster(broadcasterId: string): Promise<Stream | null>;
  /**
   * Ends the channel's open streams (at `endedAt`, default now), except `keepStreamId` (a newer stream
   * superseding them). Resolves to the streams it ended.
   */
  endOpen(broadcasterId: string, options?: { endedAt?: string; keepStreamId?: string }): Promise<Stream[]>;
}

export function createStreamRepository(db: SqlClient, clock: Clock): StreamRepository {
  const { streams } = db.tables;
  const columns = allColumns(streams);
  return {
    record: (snapshot) =>
      db.transaction(async (tx) => {
        const t = tx.tables;
        const now = isoNow(clock);
        const row = {
          id: snapshot.id,
          broadcaster_id: snapshot.broadcaster_id,
          type: snapshot.type ?? "live",
          language: snapshot.language ?? null,
          thumbnail_url: snapshot.thumbnail_url ?? null,
          viewer_count: snapshot.viewer_count ?? 0,
          is_mature: snapshot.is_mature ?? null,
          started_at: snapshot.started_at,
          created_at: now,
          updated_at: now,
        };
        let stream: Stream;
        try {
          stream = await tx.one(
            returning(
              t.streams,
              sql`${insertInto(t.streams, [row])} ${onConflictDoUpdate(
                t.streams,
                [t.streams.id],
                takeExcluded(t.streams, [
                  "type",
                  "language",
                  "thumbnail_url",
                  "viewer_count",
                  "is_mature",
                  "updated_at",
                ]),
              )}`,
            ),
          );
        } catch (err) {
          if (tx.isForeignKeyViolation(err))
            throw new NotFoundError(`channel ${snapshot.broadcaster_id} is not watched`);
          throw err;
        }
        if (snapshot.title) {
          const title = await ensureTitle(tx, snapshot.title, now);
          await tx.run(
            sql`${insertInto(t.streamTitles, [{ stream_id: snapshot.id, title_id: title.id, linked_at: now }])} ${onConflictDoNothing()}`,
          );
        }
        if (snapshot.category) {
          await ensureCategories(tx, [snapshot.category], now);
          await tx.run(
            sql`${insertInto(t.streamCategories, [{ stream_id: snapshot.id, category_id: snapshot.category.id, linked_at: now }])} ${onConflictDoNothing()}`,
          );
        }
        const tags = await ensureTags(tx, snapshot.tags ?? [], now);
        if (tags.length) {
          await tx.run(
            sql`${insertInto(
              t.streamTags,
              tags.map((tag) => ({ stream_id: snapshot.id, tag_id: tag.id })),
            )} ${onConflictDoNothing()}`,
          );
        }
        return stream;
      }),

    getById: (id) => db.first(select(columns, sql`from ${streams} where ${eq(streams.id, id)}`)),

    listActive: () =>
      db.all(
        select(
          columns,
          sql`from ${streams} where ${streams.ended_at} is null order by ${streams.started_at} desc, ${streams.id}`,
        ),
      ),

    listByBroadcaster: (broadcasterId, page) =>
      db.all(
        select(
          columns,
          sql`from ${streams} where ${eq(streams.broadcaster_id, broadcasterId)}
              order by ${streams.started_at} desc, ${streams.id} limit ${clampLimit(page.limit, 100)} offset ${Math.max(0, page.offset)}`,
        ),
      ),

    lastForBroadcaster: (broadcasterId) =>
      db.first(
        select(
          columns,
          sql`from ${streams} where ${eq(streams.broadcaster_id, broadcasterId)} order by ${streams.started_at} desc, ${streams.id} limit 1`,
        ),
      ),

    endOpen: (broadcasterId, options = {}) => {
      const now = isoNow(clock);
      const keep = options.keepStreamId ? sql` and ${streams.id} <> ${options.keepStreamId}` : sql``;
      return db.all(
        returning(
          streams,
          update(
            streams,
            { ended_at: options.endedAt ?? now, updated_at: now },
            sql`${eq(streams.broadcaster_id, broadcasterId)} and ${streams.ended_at} is null${keep}`,
          ),
        ),
      );
    },
  };
}
