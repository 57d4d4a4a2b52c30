import { type SQL, sql } from "drizzle-orm";
import type { RawChatLine } from "../../domain/chat.ts";
import type { Dialect } from "../sql/client.ts";

/** A line placed on its video's timeline, as the capture writes it. */
export interface PlacedChatLine extends RawChatLine {
  offset_ms: number;
  deleted: boolean;
}

/** The stored columns after `video_id`, in the order each row's array lists them. */
const COLUMNS = [
  "msg_id",
  "kind",
  "sent_at",
  "offset_ms",
  "user_id",
  "user_login",
  "display_name",
  "text",
  "deleted",
  "raw",
] as const;
const PG_TYPES: Record<(typeof COLUMNS)[number], string> = {
  msg_id: "text",
  kind: "text",
  sent_at: "timestamptz",
  offset_ms: "integer",
  user_id: "text",
  user_login: "text",
  display_name: "text",
  text: "text",
  deleted: "boolean",
  raw: "text",
};
const NAMES = sql.raw(COLUMNS.map((c) => `"${c}"`).join(", "));
const SQLITE_VALUES = sql.raw(COLUMNS.map((_, i) => `j.value ->> ${i}`).join(", "));
const PG_VALUES = sql.raw(COLUMNS.map((c) => `x."${c}"`).join(", "));
const PG_RECORD = sql.raw(COLUMNS.map((c) => `"${c}" ${PG_TYPES[c]}`).join(", "));

/**
 * Many chat lines in one statement whose text never changes: the rows travel as one JSON parameter the
 * database unpacks (`json_each`, `jsonb_to_recordset`). With `mayRepeat` (a write tried again, whose first
 * try may have landed without its answer), a line already stored for the video (same `msg_id` at the same
 * offset) is skipped through the timeline index; that check costs about as much as the insert, so a first
 * try does without it (capture never hands the same line twice otherwise). Measured on the
 * simulator's lines: building a VALUES list of a dozen parameters a line through the query builder cost
 * ~100 µs a line; this costs a few (`npm run bench`, chat_cost, keeps the total beside recording's).
 */
export function chatInsert(
  dialect: Dialect,
  videoId: number,
  rows: readonly PlacedChatLine[],
  mayRepeat: boolean,
): SQL {
  const values = rows.map((r) => [
    r.msg_id,
    r.kind,
    new Date(r.sent_at_ms).toISOString(),
    Math.max(0, Math.round(r.offset_ms)),
    r.user_id,
    r.user_login,
    r.display_name,
    r.text,
    dialect === "sqlite" ? (r.deleted ? 1 : 0) : r.deleted,
    r.raw,
  ]);
  if (dialect === "sqlite") {
    const unseen = mayRepeat
      ? sql`where not exists (select 1 from "chat_messages" c where c."video_id" = ${videoId}
          and c."offset_ms" = j.value ->> 3 and c."msg_id" = j.value ->> 0)`
      : sql``;
    return sql`insert into "chat_messages" ("video_id", ${NAMES})
      select ${videoId}, ${SQLITE_VALUES} from json_each(${JSON.stringify(values)}) j ${unseen}`;
  }
  const objects = values.map((v) => Object.fromEntries(COLUMNS.map((c, i) => [c, v[i]])));
  const unseen = mayRepeat
    ? sql`where not exists (select 1 from "chat_messages" c where c."video_id" = ${videoId}
        and c."offset_ms" = x."offset_ms" and c."msg_id" = x."msg_id")`
    : sql``;
  return sql`insert into "chat_messages" ("video_id", ${NAMES})
    select ${videoId}, ${PG_VALUES} from jsonb_to_recordset(${JSON.stringify(objects)}::jsonb) as x(${PG_RECORD}) ${unseen}`;
}
