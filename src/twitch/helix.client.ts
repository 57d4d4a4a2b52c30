import type { z } from "zod";
import { sleep } from "../lib/sleep.ts";
import type { TwitchEndpoints } from "./endpoints.ts";
import {
  appToken,
  channelsPage,
  followedPage,
  gamesPage,
  type HelixChannel,
  type HelixGame,
  type HelixStream,
  type HelixSubscription,
  type HelixUser,
  helixSubscription,
  streamsPage,
  subscriptionsPage,
  usersPage,
} from "./helix.schemas.ts";

export class HelixError extends Error {
  override name = "HelixError";
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** One Helix call, for the fetch log. */
export interface HelixCall {
  method: string;
  /** "GET /streams" */
  fetchType: string;
  status: number;
  durationMs: number;
  error: string | null;
}

export interface HelixClientOptions {
  endpoints: TwitchEndpoints;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Every call, for `fetch_logs` (never awaited by the caller). */
  onCall?: (call: HelixCall) => void;
}

const MAX_ATTEMPTS = 4;

/**
 * Helix with the app's own token (client credentials, cached until five minutes before it expires, renewed
 * once on a 401), or with a user's token. Retries 429 (Ratelimit-Reset / Retry-After) and, for reads, 5xx;
 * every answer is checked against its schema.
 */
export class HelixClient {
  private token: { value: string; expiresAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HelixClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** Live streams of these channels (at most 100 per request; all pages). Offline channels are absent. */
  async streams(userIds: readonly string[]): Promise<HelixStream[]> {
    const out: HelixStream[] = [];
    for (const batch of chunks(userIds, 100)) {
      let after: string | undefined;
      do {
        const query = new URLSearchParams({ first: "100", type: "live" });
        for (const id of batch) query.append("user_id", id);
        if (after) query.set("after", after);
        const page = await this.get(`/streams?${query}`, streamsPage);
        out.push(...page.data);
        after = page.pagination?.cursor;
      } while (after);
    }
    return out;
  }

  async users(
    query: { ids?: readonly string[]; logins?: readonly string[] },
    userToken?: string,
  ): Promise<HelixUser[]> {
    const out: HelixUser[] = [];
    const params = [
      ...(query.ids ?? []).map((id) => ["id", id]),
      ...(query.logins ?? []).map((l) => ["login", l]),
    ];
    if (params.length === 0 && userToken) return (await this.get("/users", usersPage, userToken)).data;
    for (const batch of chunks(params, 100)) {
      const search = new URLSearchParams(batch as [string, string][]);
      out.push(...(await this.get(`/users?${search}`, usersPage, userToken)).data);
    }
    return out;
  }

  async channels(broadcasterIds: readonly string[]): Promise<HelixChannel[]> {
    const out: HelixChannel[] = [];
    for (const batch of chunks(broadcasterIds, 100)) {
      const search = new URLSearchParams(batch.map((id): [string, string] => ["broadcaster_id", id]));
      out.push(...(await this.get(`/channels?${search}`, channelsPage)).data);
    }
    return out;
  }

  async games(ids: readonly string[]): Promise<HelixGame[]> {
    const out: HelixGame[] = [];
    for (const batch of chunks(ids, 100)) {
      const search = new URLSearchParams(batch.map((id): [string, string] => ["id", id]));
      out.push(...(await this.get(`/games?${search}`, gamesPage)).data);
    }
    return out;
  }

  /** Categories whose name matches `query`, best first (one page of at most `first`). */
  async searchCategories(query: string, first = 20): Promise<HelixGame[]> {
    const search = new URLSearchParams({ query, first: String(Math.min(100, Math.max(1, first))) });
    return (await this.get(`/search/categories?${search}`, gamesPage)).data;
  }

  /** Every channel the token's user follows (needs user:read:follows). */
  async followed(userId: string, userToken: string) {
    const out: z.infer<typeof followedPage>["data"] = [];
    let after: string | undefined;
    do {
      const search = new URLSearchParams({ user_id: userId, first: "100", ...(after ? { after } : {}) });
      const page = await this.get(`/channels/followed?${search}`, followedPage, userToken);
      out.push(...page.data);
      after = page.pagination?.cursor;
    } while (after);
    return out;
  }

  async subscriptions(): Promise<{
    data: HelixSubscription[];
    total: number;
    totalCost: number;
    maxTotalCost: number;
  }> {
    const data: HelixSubscription[] = [];
    let after: string | undefined;
    let totals = { total: 0, totalCost: 0, maxTotalCost: 0 };
    do {
      const page = await this.get(
        `/eventsub/subscriptions${after ? `?after=${encodeURIComponent(after)}` : ""}`,
        subscriptionsPage,
      );
      data.push(...page.data);
      totals = { total: page.total, totalCost: page.total_cost, maxTotalCost: page.max_total_cost };
      after = page.pagination?.cursor;
    } while (after);
    return { data, ...totals };
  }

  /** Creates a webhook subscription; Twitch then sends the verification request to `callback`. */
  async subscribe(input: {
    type: string;
    version: string;
    condition: Record<string, string>;
    callback: string;
    secret: string;
  }): Promise<HelixSubscription> {
    const body = {
      type: input.type,
      version: input.version,
      condition: input.condition,
      transport: { method: "webhook", callback: input.callback, secret: input.secret },
    };
    const res = await this.request("POST", "/eventsub/subscriptions", JSON.stringify(body));
    if (res.status === 409) throw new HelixError("subscription exists already", 409);
    if (res.status !== 202) throw await failure(res, "POST /eventsub/subscriptions");
    const parsed = subscriptionsPage.safeParse(await res.json());
    const created = parsed.success ? parsed.data.data[0] : undefined;
    if (!created) throw new HelixError("Twitch created no subscription", res.status);
    return helixSubscription.parse(created);
  }

  /** Deletes a subscription; an unknown one is already gone. */
  async unsubscribe(id: string): Promise<void> {
    const res = await this.request("DELETE", `/eventsub/subscriptions?id=${encodeURIComponent(id)}`);
    if (res.status !== 204 && res.status !== 404) throw await failure(res, "DELETE /eventsub/subscriptions");
  }

  private async get<S extends z.ZodType>(path: string, schema: S, userToken?: string): Promise<z.infer<S>> {
    const res = await this.request("GET", path, undefined, userToken);
    if (res.status !== 200) throw await failure(res, `GET ${path.split("?")[0]}`);
    const parsed = schema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HelixError(
        `Helix ${path.split("?")[0]} answered an unexpected shape: ${issue?.path.join(".")}: ${issue?.message}`,
      );
    }
    return parsed.data;
  }

  private async request(method: string, path: string, body?: string, userToken?: string): Promise<Response> {
    const fetchType = `${method} ${path.split("?")[0]}`;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const token = userToken ?? (await this.appToken());
      let res: Response;
      try {
        res = await this.fetch(`${this.options.endpoints.helix}${path}`, {
          method,
          body,
          headers: {
            "Client-Id": this.options.clientId,
            Authorization: `Bearer ${token}`,
            ...(body ? { "Content-Type": "application/json" } : {}),
          },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        this.report({
          method,
          fetchType,
          status: 0,
          durationMs: performance.now() - started,
          error: (err as Error).message,
        });
        if (method === "GET" && attempt < MAX_ATTEMPTS) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new HelixError(`cannot reach Helix (${fetchType}): ${(err as Error).message}`);
      }
      this.report({
        method,
        fetchType,
        status: res.status,
        durationMs: performance.now() - started,
        error: null,
      });
      if (res.status === 401 && !userToken && !renewed) {
        // The app token was revoked or expired early: one fresh token, one more try.
        renewed = true;
        this.token = null;
        await res.body?.cancel();
        continue;
      }
      const retryable = res.status === 429 || (res.status >= 500 && method === "GET");
      if (retryable && attempt < MAX_ATTEMPTS) {
        await res.body?.cancel();
        await sleep(retryDelay(res, attempt));
        continue;
      }
      return res;
    }
  }

  /** The app's own access token, which IGDB takes too; `renew` drops the cached one first (after a 401). */
  appAccessToken(options: { renew?: boolean } = {}): Promise<string> {
    if (options.renew && !this.pendingToken) this.token = null;
    return this.appToken();
  }

  private appToken(): Promise<string> {
    if (this.token && this.token.expiresAt - 5 * 60_000 > Date.now())
      return Promise.resolve(this.token.value);
    // One request for everyone waiting.
    this.pendingToken ??= (async () => {
      try {
        const form = new URLSearchParams({
          client_id: this.options.clientId,
          client_secret: this.options.clientSecret,
          grant_type: "client_credentials",
        });
        const res = await this.fetch(`${this.options.endpoints.oauth}/token`, {
          method: "POST",
          body: form,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        const parsed = appToken.safeParse(await res.json().catch(() => null));
        if (res.status !== 200 || !parsed.success) {
          throw new HelixError(
            `Twitch refused the app's credentials (${res.status}): check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET`,
            res.status,
          );
        }
        this.token = {
          value: parsed.data.access_token,
          expiresAt: Date.now() + parsed.data.expires_in * 1000,
        };
        return parsed.data.access_token;
      } finally {
        this.pendingToken = null;
      }
    })();
    return this.pendingToken;
  }

  private report(call: HelixCall): void {
    try {
      this.options.onCall?.({ ...call, durationMs: Math.round(call.durationMs) });
    } catch {
      // logging a call must never break it
    }
  }
}

async function failure(res: Response, what: string): Promise<HelixError> {
  const body = (await res.json().catch(() => null)) as { message?: string } | null;
  return new HelixError(
    `Helix ${what} answered ${res.status}${body?.message ? `: ${body.message}` : ""}`,
    res.status,
  );
}

function retryDelay(res: Response, attempt: number): number {
  const retryAfter = Number(res.headers.get("Retry-After"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, 30_000);
  const reset = Number(res.headers.get("Ratelimit-Reset"));
  if (res.status === 429 && Number.isFinite(reset) && reset > 0) {
    return Math.min(Math.max(reset * 1000 - Date.now(), 100), 30_000);
  }
  return backoff(attempt);
}

function backoff(attempt: number): number {
  return Math.min(500 * 2 ** (attempt - 1), 30_000);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
