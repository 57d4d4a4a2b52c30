import { bigint, table, text, timestamp } from "./core.ts";

/**
 * Where the relay client stopped, per relay (key: a hash of the relay's host and token, never the token):
 * a restart resumes after the last event it handed to the webhook receiver instead of replaying the buffer.
 */
export const relayCursors = table("relay_cursors", {
  relay: text().primaryKey(),
  cursor: bigint().notNull(),
  updated_at: timestamp().notNull(),
});
