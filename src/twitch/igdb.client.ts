import { type Clock, systemClock } from "../lib/clock.ts";
import type { HelixCall } from "./helix.client.ts";
import { igdbErrors, igdbGames } from "./igdb.schemas.ts";

/** A game as replayd keeps it: IGDB's id (as Twitch gives it, text), its summary, genres and release year. */
export interface IgdbGame {
  id: string;
  summary: string | null;
  genres: string[];
  releaseYear: number | null;
}

export class IgdbError extends Error {
  override name = "IgdbError";
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface IgdbClientOptions {
  /** IGDB's base, e.g. https://api.igdb.com/v4 (`TwitchEndpoints.igdb`). */
  endpoint: string;
  /** The Twitch application's client id: IGDB's credentials are Twitch's. */
  clientId: string;
  /** The application's access token (client credentials); `renew` after IGDB refused it. */
  token: (options: { renew?: boolean }) => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The waits between attempts; the real clock unless a test gives its own. */
  clock?: Pick<Clock, "sleep">;
  /** Every call, for `fetch_logs` (never awaited). */
  onCall?: (call: HelixCall) => void;
}

/** IGDB takes at most this many ids a query (its own maximum `limit` is 500; 100 keeps answers small). */
export const IGDB_BATCH = 100;
const MAX_ATTEMPTS = 5;
const FIELDS = "name,summary,genres.name,first_release_date";

/**
 * IGDB's `games` endpoint (api-docs.igdb.com): POST with an Apicalypse body, `Client-ID` and the Twitch app
 * token. 429 (IGDB allows 4 requests a second), 5xx and network errors are retried with backoff (the
 * `Retry-After` when given); a 401 renews the token once; the answer is schema-checked.
 */
export class IgdbClient {
  private readonly fetch: typeof fetch;
  private readonly clock: Pick<Clock, "sleep">;

  constructor(private readonly options: IgdbClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
  }

  /** The games with these IGDB ids (whole numbers, at most 100); ids IGDB does not know are absent. */
  async games(ids: readonly string[], signal?: AbortSignal): Promise<IgdbGame[]> {
    if (ids.length === 0) return [];
    if (ids.length > IGDB_BATCH) throw new IgdbError(`at most ${IGDB_BATCH} ids a query, got ${ids.length}`);
    const bad = ids.find((id) => !/^\d+$/.test(id));
    if (bad !== undefined) throw new IgdbError(`IGDB ids are whole numbers, got "${bad}"`);
    const body = `fields ${FIELDS}; where id = (${ids.join(",")}); limit ${ids.length};`;
    const res = await this.request("/games", body, signal);
    const parsed = igdbGames.safeParse(await res.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IgdbError(
        `IGDB /games answered an unexpected shape: ${issue?.path.join(".") || "body"}: ${issue?.message}`,
        res.status,
      );
    }
    return parsed.data.map((game) => ({
      id: String(game.id),
      summary: game.summary?.trim() || null,
      genres: (game.genres ?? []).map((g) => g.name),
      releaseYear:
        game.first_release_date === undefined
          ? null
          : new Date(game.first_release_date * 1000).getUTCFullYear(),
    }));
  }

  private async request(path: string, body: string, signal?: AbortSignal): Promise<Response> {
    const fetchType = `IGDB POST ${path}`;
    let renewed = false;
    let renewNow = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new IgdbError(`IGDB ${path}: stopped`);
      const started = performance.now();
      const token = await this.options.token({ renew: renewNow });
      renewNow = false;
      let res: Response;
      try {
        const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
        res = await this.fetch(`${this.options.endpoint}${path}`, {
          method: "POST",
          body,
          headers: {
            "Client-ID": this.options.clientId,
            Authorization: `Bearer ${token}`,
            Accept: "application/json",
            "Content-Type": "text/plain",
          },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (err) {
        const message = (err as Error).message;
        this.report({ fetchType, status: 0, started, error: message });
        if (attempt < MAX_ATTEMPTS && !signal?.aborted) {
          await this.clock.sleep(backoff(attempt), signal);
          continue;
        }
        throw new IgdbError(`cannot reach IGDB (${path}): ${message}`);
      }
      this.report({ fetchType, status: res.status, started, error: null });
      if (res.status === 200) return res;
      if (res.status === 401 && !renewed) {
        // The app token was revoked or expired early: one fresh token, one more try.
        renewed = true;
        renewNow = true;
        await res.body?.cancel();
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < MAX_ATTEMPTS) {
        await res.body?.cancel();
        await this.clock.sleep(retryDelay(res, attempt), signal);
        continue;
      }
      throw await failure(res, path);
    }
  }

  private report(call: { fetchType: string; status: number; started: number; error: string | null }): void {
    try {
      this.options.onCall?.({
        method: "POST",
        fetchType: call.fetchType,
        status: call.status,
        durationMs: Math.round(performance.now() - call.started),
        error: call.error,
      });
    } catch {
      // logging a call must never break it
    }
  }
}

async function failure(res: Response, path: string): Promise<IgdbError> {
  const text = await res.text().catch(() => "");
  let detail = "";
  try {
    const errors = igdbErrors.safeParse(JSON.parse(text));
    if (errors.success)
      detail = errors.data.map((e) => `${e.title}${e.cause ? `: ${e.cause}` : ""}`).join("; ");
  } catch {
    // not JSON: the status says enough
  }
  const hint =
    res.status === 401
      ? ": IGDB refused the Twitch application's credentials (TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET)"
      : res.status === 429
        ? ": still rate-limited after retries"
        : "";
  return new IgdbError(
    `IGDB ${path} answered ${res.status}${detail ? ` (${detail})` : ""}${hint}`,
    res.status,
  );
}

/** IGDB's limit is per second: short waits, doubling (250 ms, 500 ms, 1 s, 2 s). */
function backoff(attempt: number): number {
  return Math.min(250 * 2 ** (attempt - 1), 4_000);
}

function retryDelay(res: Response, attempt: number): number {
  const retryAfter = Number(res.headers.get("Retry-After"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, 30_000);
  return backoff(attempt);
}
