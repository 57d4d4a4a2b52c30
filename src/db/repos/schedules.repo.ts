import { eq, inArray, sql } from "drizzle-orm";
import { ConflictError, InvalidInputError, NotFoundError } from "../../domain/errors.ts";
import type { Counted } from "../../domain/pagination.ts";
import type { NewSchedule, Schedule, ScheduleInput } from "../../domain/schedules.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, countAll, deleteFrom, insertInto, returning, select, update } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";

/** Auto-record rules: one per channel and user, with their category and tag allow-lists. */
export interface ScheduleRepository {
  /**
   * @throws ConflictError when the user already has a schedule for the channel; NotFoundError when the
   * channel, user, a category or a tag does not exist; InvalidInputError when an enabled filter has no value.
   */
  create(input: NewSchedule): Promise<Schedule>;
  /** Replaces the rule and its allow-lists. @throws NotFoundError */
  update(id: number, input: ScheduleInput): Promise<Schedule>;
  getById(id: number): Promise<Schedule | null>;
  /** Newest first; only `requestedBy`'s when given (non-owners see their own). */
  list(page: { limit: number; offset: number; requestedBy?: string | null }): Promise<Counted<Schedule>>;
  /** Enabled schedules of a channel, oldest first: the candidates when it goes live. */
  listActiveForBroadcaster(broadcasterId: string): Promise<Schedule[]>;
  /** How many of a channel's schedules are turned off (why a go-live was not recorded). */
  countDisabledFor(broadcasterId: string): Promise<number>;
  /** @throws NotFoundError */
  setDisabled(id: number, disabled: boolean): Promise<Schedule>;
  delete(id: number): Promise<boolean>;
  /** Counts a trigger on each of these schedules (every matching one, not only the winner). */
  recordTriggered(ids: readonly number[]): Promise<void>;
}

export function createScheduleRepository(db: SqlClient, clock: Clock): ScheduleRepository {
  const { downloadSchedules: s } = db.tables;
  const columns = allColumns(s);

  /** Attaches each schedule's categories and tags (two queries for the whole list). */
  const withLists = async (
    tx: SqlClient,
    rows: Omit<Schedule, "categories" | "tags">[],
  ): Promise<Schedule[]> => {
    if (rows.length === 0) return [];
    const { downloadScheduleCategories: sc, downloadScheduleTags: st, categories, tags } = tx.tables;
    const ids = rows.map((r) => r.id);
    const cats = await tx.all(
      select(
        { schedule_id: sc.schedule_id, id: categories.id, name: categories.name },
        sql`from ${sc} join ${categories} on ${categories.id} = ${sc.category_id} where ${inArray(sc.schedule_id, ids)} order by ${categories.name}, ${categories.id}`,
      ),
    );
    const tagRows = await tx.all(
      select(
        { schedule_id: st.schedule_id, id: tags.id, name: tags.name },
        sql`from ${st} join ${tags} on ${tags.id} = ${st.tag_id} where ${inArray(st.schedule_id, ids)} order by ${tags.name}`,
      ),
    );
    return rows.map((row) => ({
      ...row,
      categories: cats.filter((c) => c.schedule_id === row.id).map(({ id, name }) => ({ id, name })),
      tags: tagRows.filter((t) => t.schedule_id === row.id).map(({ id, name }) => ({ id, name })),
    }));
  };
  const load = async (tx: SqlClient, id: number): Promise<Schedule | null> => {
    const t = tx.tables.downloadSchedules;
    const row = await tx.first(select(allColumns(t), sql`from ${t} where ${eq(t.id, id)}`));
    const [schedule] = row ? await withLists(tx, [row]) : [];
    return schedule ?? null;
  };
  /** A schedule this call just wrote or found. */
  const loadExisting = async (tx: SqlClient, id: number): Promise<Schedule> => {
    const schedule = await load(tx, id);
    if (!schedule) throw new NotFoundError(`no schedule ${id}`);
    return schedule;
  };
  const replaceLists = async (tx: SqlClient, id: number, input: ScheduleInput) => {
    const { downloadScheduleCategories: sc, downloadScheduleTags: st } = tx.tables;
    await tx.run(deleteFrom(sc, eq(sc.schedule_id, id)));
    await tx.run(deleteFrom(st, eq(st.schedule_id, id)));
    const categoryIds = [...new Set(input.category_ids)];
    const tagIds = [...new Set(input.tag_ids)];
    if (categoryIds.length) {
      await tx.run(
        insertInto(
          sc,
          categoryIds.map((category_id) => ({ schedule_id: id, category_id })),
        ),
      );
    }
    if (tagIds.length)
      await tx.run(
        insertInto(
          st,
          tagIds.map((tag_id) => ({ schedule_id: id, tag_id })),
        ),
      );
  };
  const ruleOf = (input: ScheduleInput) => ({
    quality: input.quality,
    recording_type: input.recording_type,
    force_h264: input.force_h264,
    has_min_viewers: input.has_min_viewers,
    min_viewers: input.min_viewers,
    has_categories: input.has_categories,
    has_tags: input.has_tags,
    is_delete_rediff: input.is_delete_rediff,
    time_before_delete: input.time_before_delete,
    is_disabled: input.is_disabled,
    record_chat: input.record_chat,
  });
  const translate = (err: unknown): unknown => {
    if (db.isUniqueViolation(err))
      return new ConflictError("this user already has a schedule for this channel");
    if (db.isForeignKeyViolation(err)) return new NotFoundError("unknown channel, user, category or tag");
    if (db.isCheckViolation(err)) {
      return new InvalidInputError(
        "min_viewers is required with has_min_viewers, and time_before_delete (> 0) with is_delete_rediff",
      );
    }
    return err;
  };

  return {
    create: (input) =>
      db
        .transaction(async (tx) => {
          const t = tx.tables.downloadSchedules;
          const now = isoNow(clock);
          const created = await tx.one(
            returning(
              t,
              insertInto(t, [
                {
                  ...ruleOf(input),
                  broadcaster_id: input.broadcaster_id,
                  requested_by: input.requested_by,
                  created_at: now,
                  updated_at: now,
                },
              ]),
            ),
          );
          const id = (created as { id: number }).id;
          await replaceLists(tx, id, input);
          return loadExisting(tx, id);
        })
        .catch((err) => {
          throw translate(err);
        }),

    update: (id, input) =>
      db
        .transaction(async (tx) => {
          const t = tx.tables.downloadSchedules;
          const changed = await tx.run(
            update(t, { ...ruleOf(input), updated_at: isoNow(clock) }, eq(t.id, id)),
          );
          if (changed === 0) throw new NotFoundError(`no schedule ${id}`);
          await replaceLists(tx, id, input);
          return loadExisting(tx, id);
        })
        .catch((err) => {
          throw translate(err);
        }),

    getById: (id) => load(db, id),

    async list(page) {
      const where = page.requestedBy ? sql`where ${eq(s.requested_by, page.requestedBy)}` : sql``;
      const total = (await db.first(select({ n: countAll() }, sql`from ${s} ${where}`)))?.n ?? 0;
      const rows = await db.all(
        select(
          columns,
          sql`from ${s} ${where} order by ${s.created_at} desc, ${s.id} desc
              limit ${clampLimit(page.limit)} offset ${Math.max(0, Math.trunc(page.offset))}`,
        ),
      );
      return { total, data: await withLists(db, rows) };
    },

    async listActiveForBroadcaster(broadcasterId) {
      const rows = await db.all(
        select(
          columns,
          sql`from ${s} where ${eq(s.broadcaster_id, broadcasterId)} and ${s.is_disabled} = false order by ${s.id}`,
        ),
      );
      return withLists(db, rows);
    },

    async countDisabledFor(broadcasterId) {
      const where = sql`${eq(s.broadcaster_id, broadcasterId)} and ${s.is_disabled} = true`;
      return (await db.first(select({ n: countAll() }, sql`from ${s} where ${where}`)))?.n ?? 0;
    },

    async setDisabled(id, disabled) {
      const changed = await db.run(
        update(s, { is_disabled: disabled, updated_at: isoNow(clock) }, eq(s.id, id)),
      );
      if (changed === 0) throw new NotFoundError(`no schedule ${id}`);
      return loadExisting(db, id);
    },

    async delete(id) {
      return (await db.run(deleteFrom(s, eq(s.id, id)))) > 0;
    },

    async recordTriggered(ids) {
      if (ids.length === 0) return;
      const now = isoNow(clock);
      await db.run(
        update(
          s,
          { trigger_count: sql`${s.trigger_count} + 1`, last_triggered_at: now, updated_at: now },
          inArray(s.id, [...ids]),
        ),
      );
    },
  };
}
