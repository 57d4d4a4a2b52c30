import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a signed part-download URL stays valid by default (the recording webhook's consumers). */
export const PART_DOWNLOAD_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Signs and checks expiring part-download URLs (`/api/v1/videos/{id}/parts/{n}/download?exp=&sig=`), the
 * only media a caller without a session can fetch. The key is derived from SESSION_SECRET, so rotating the
 * secret invalidates every URL handed out.
 */
export class PartDownloadSigner {
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(sessionSecret: string, now: () => number = Date.now) {
    // A purpose-bound subkey: the session secret itself never signs anything a stranger can see.
    this.#key = createHmac("sha256", sessionSecret).update("replayd/part-download/v1").digest();
    this.#now = now;
  }

  /** The path and query (no origin) of a URL valid for `ttlSeconds`. */
  path(videoId: number, partIndex: number, ttlSeconds = PART_DOWNLOAD_TTL_SECONDS): string {
    const exp = Math.floor(this.#now() / 1000) + ttlSeconds;
    return `/api/v1/videos/${videoId}/parts/${partIndex}/download?exp=${exp}&sig=${this.#sign(videoId, partIndex, exp)}`;
  }

  /** True when `sig` was made by this server for this part and `exp` has not passed. */
  verify(videoId: number, partIndex: number, exp: string | undefined, sig: string | undefined): boolean {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
    const expires = Number(exp);
    if (expires * 1000 <= this.#now()) return false;
    const expected = Buffer.from(this.#sign(videoId, partIndex, expires));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #sign(videoId: number, partIndex: number, exp: number): string {
    return createHmac("sha256", this.#key).update(`${videoId}/${partIndex}/${exp}`).digest("base64url");
  }
}
