import type { Caller } from "../domain/users.ts";

/** A caller is remembered this long after its token was checked against the database. */
export const TOKEN_CALLER_TTL_MS = 60_000;
/** At most this many tokens are remembered (a bound, not a working set: tokens are few). */
const MAX_ENTRIES = 1000;

interface Entry {
  caller: Caller;
  /** When the token itself expires (epoch ms), or null for never. */
  expiresAt: number | null;
  checkedAt: number;
}

/**
 * Callers behind API tokens, remembered for a minute after the database vouched for them: a Prometheus
 * scrape or a script sends the same token again and again, and on a busy server that read queues behind the
 * recordings' writes (it was most of a `/metrics` scrape's time on Postgres). Whatever changes what a token
 * may do in this process (revoked, its owner's role changed or admission removed) forgets them all; the
 * token's own expiry is checked on every use. Unknown tokens are never remembered.
 */
export class TokenCallers {
  readonly #entries = new Map<string, Entry>();

  /** The caller for a token's hash, when it was vouched for within the last minute and has not expired. */
  get(hash: string, now: number): Caller | null {
    const entry = this.#entries.get(hash);
    if (!entry) return null;
    const stale = now - entry.checkedAt >= TOKEN_CALLER_TTL_MS || now < entry.checkedAt;
    if (stale || (entry.expiresAt !== null && entry.expiresAt <= now)) {
      this.#entries.delete(hash);
      return null;
    }
    return entry.caller;
  }

  remember(hash: string, caller: Caller, expiresAt: string | null, now: number): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(hash, {
      caller,
      expiresAt: expiresAt === null ? null : Date.parse(expiresAt),
      checkedAt: now,
    });
  }

  /** After anything that may change what a token may do: the next use asks the database again. */
  forget(): void {
    this.#entries.clear();
  }
}
