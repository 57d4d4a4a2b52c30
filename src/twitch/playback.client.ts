import { randomBytes } from "node:crypto";
import { z } from "zod";
import { broadcastIdOf, parseMasterPlaylist, type Variant } from "../hls/master-playlist.ts";
import type { TwitchEndpoints } from "./endpoints.ts";

/** Twitch's web player client id: playback tokens are issued to it, not to the user's Helix app. */
export const WEB_CLIENT_ID = "kimne78kx3ncx6brgo4mv6wki5h1ko";
const PERSISTED_HASH = "ed230aa1e33e07eebb8928504583da78a5173989fadfb1ac94be06a04f3cdbe9";
const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const TEMPLATE_QUERY = `query PlaybackAccessToken_Template($login: String!, $isLive: Boolean!, $vodID: ID!, $isVod: Boolean!, $playerType: String!, $platform: String!) {
  streamPlaybackAccessToken(channelName: $login, params: {platform: $platform, playerBackend: "mediaplayer", playerType: $playerType}) @include(if: $isLive) { value signature authorization { isForbidden forbiddenReasonCode } __typename }
  videoPlaybackAccessToken(id: $vodID, params: {platform: $platform, playerBackend: "mediaplayer", playerType: $playerType}) @include(if: $isVod) { value signature __typename }
}`;

/** Usher/GQL answers that no retry will change: the recording fails with this reason. */
const PERMANENT_CODES = new Set([
  "unauthorized_entitlements",
  "vod_manifest_restricted",
  "subscriptions_restricted",
  "subs_only_restricted",
  "geoblock_restricted",
  "content_geoblocked",
  "content_restricted",
  "content_moderation_required",
]);

export type PlaybackErrorKind =
  /** The channel is not live (or does not exist). */
  | "offline"
  /** Twitch refuses this viewer for good (sub-only, geo-blocked, …). */
  | "forbidden"
  /** Worth trying again later: 5xx, anti-abuse "server error", timeouts, network. */
  | "transient";

export class PlaybackError extends Error {
  override name = "PlaybackError";
  constructor(
    readonly kind: PlaybackErrorKind,
    message: string,
    readonly code: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface PlaybackToken {
  value: string;
  signature: string;
  /** When Twitch stops honouring the token, epoch ms (from its `expires`), or null if it does not say. */
  expiresAt: number | null;
  /** Asked for as the signed-in viewer (the service account), not anonymously. */
  signedIn: boolean;
}

/**
 * The signed-in viewer playback is asked for, when there is one (the service account: Turbo plays without
 * ads, a subscription opens sub-only streams).
 */
export interface PlaybackViewer {
  /** An OAuth access token to send as `Authorization: OAuth …`, or null to play anonymously. Never throws. */
  token(): Promise<string | null>;
  /** GQL refused this token (401): the viewer drops it; this request goes on anonymously. */
  refused(token: string): void;
}

export interface PlaybackClientOptions {
  endpoints: TwitchEndpoints;
  viewer?: PlaybackViewer;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const tokenResponse = z.object({
  data: z
    .object({
      streamPlaybackAccessToken: z.object({ value: z.string(), signature: z.string() }).nullable().optional(),
    })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});

const usherErrors = z.array(z.object({ error: z.string().optional(), error_code: z.string().optional() }));

/**
 * Anonymous (or signed-in) live playback, as Twitch's web player does it: a playback access token from GQL
 * (persisted query first, the query text if the hash is stale, the integrity dance if asked), then usher's
 * multivariant playlist listing every rendition.
 */
export class PlaybackClient {
  private readonly deviceId = randomBytes(16).toString("hex");
  private integrity: { token: string; expiresAt: number } | null = null;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: PlaybackClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async accessToken(login: string): Promise<PlaybackToken> {
    let form: "persisted" | "template" = "persisted";
    let withIntegrity = false;
    let oauth = (await this.options.viewer?.token()) ?? null;
    // At most: a stale hash, the integrity dance, a refused viewer token, then the answer.
    for (let attempt = 0; attempt < 4; attempt++) {
      const body = await this.gql(login, form, withIntegrity, oauth);
      if (body === "refused") {
        this.options.viewer?.refused(oauth as string);
        oauth = null;
        continue;
      }
      const message = body.errors?.[0]?.message ?? body.error ?? null;
      if (message === "PersistedQueryNotFound" && form === "persisted") {
        form = "template";
        continue;
      }
      if (message && /integrity/i.test(message) && !withIntegrity) {
        withIntegrity = true;
        continue;
      }
      if (message) {
        if (withIntegrity) this.integrity = null;
        throw new PlaybackError("transient", `Twitch GQL: ${message}`, null);
      }
      const token = body.data?.streamPlaybackAccessToken;
      if (!token)
        throw new PlaybackError("offline", `${login} has no live playback (offline or no such channel)`);
      return { ...token, expiresAt: tokenExpiry(token.value), signedIn: oauth !== null };
    }
    throw new PlaybackError("transient", "Twitch GQL kept refusing the playback token request");
  }

  /** Usher's variant list for a live channel. `codecs` widens it to HEVC/AV1 renditions. */
  async variants(
    login: string,
    token: PlaybackToken,
    codecs: readonly string[] = ["h264"],
  ): Promise<Variant[]> {
    return (await this.master(login, token, codecs)).variants;
  }

  /** Usher's master playlist: the variants, and the broadcast they belong to (when usher names it). */
  async master(
    login: string,
    token: PlaybackToken,
    codecs: readonly string[] = ["h264"],
  ): Promise<{ variants: Variant[]; broadcastId: string | null }> {
    const url = new URL(
      `${this.options.endpoints.usher}/api/v2/channel/hls/${encodeURIComponent(login.toLowerCase())}.m3u8`,
    );
    const params = {
      platform: "web",
      p: String(Math.floor(Math.random() * 1_000_000)),
      allow_source: "true",
      allow_audio_only: "true",
      playlist_include_framerate: "true",
      supported_codecs: codecs.join(","),
      sig: token.signature,
      token: token.value,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const res = await this.request(url.toString(), { headers: this.headers() });
    const text = await res.text();
    if (res.status !== 200) throw usherError(res.status, text, login);
    return { variants: parseMasterPlaylist(text, url.toString()), broadcastId: broadcastIdOf(text) };
  }

  /** GQL's answer, or "refused" when Twitch refused the viewer's OAuth token (401). */
  private async gql(
    login: string,
    form: "persisted" | "template",
    withIntegrity: boolean,
    oauth: string | null,
  ) {
    const variables = { isLive: true, login, isVod: false, vodID: "", playerType: "site", platform: "web" };
    const payload =
      form === "persisted"
        ? {
            operationName: "PlaybackAccessToken",
            extensions: { persistedQuery: { version: 1, sha256Hash: PERSISTED_HASH } },
            variables,
          }
        : { operationName: "PlaybackAccessToken_Template", query: TEMPLATE_QUERY, variables };
    const headers: Record<string, string> = { ...this.headers(), "Content-Type": "text/plain;charset=UTF-8" };
    if (oauth) headers.Authorization = `OAuth ${oauth}`;
    if (withIntegrity) headers["Client-Integrity"] = await this.integrityToken();
    const res = await this.request(this.options.endpoints.gql, {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
    });
    if (res.status >= 500)
      throw new PlaybackError("transient", `Twitch GQL answered ${res.status}`, null, res.status);
    if (res.status === 401 && oauth) {
      await res.body?.cancel();
      return "refused" as const;
    }
    const parsed = tokenResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success)
      throw new PlaybackError("transient", "Twitch GQL answered something that is not a token");
    return parsed.data;
  }

  private async integrityToken(): Promise<string> {
    if (this.integrity && this.integrity.expiresAt - 60_000 > Date.now()) return this.integrity.token;
    const res = await this.request(this.options.endpoints.integrity, {
      method: "POST",
      headers: { ...this.headers(), "x-device-id": this.deviceId },
    });
    const body = z
      .object({ token: z.string(), expiration: z.number() })
      .safeParse(await res.json().catch(() => null));
    if (!body.success) throw new PlaybackError("transient", `Twitch integrity check failed (${res.status})`);
    this.integrity = { token: body.data.token, expiresAt: body.data.expiration };
    return body.data.token;
  }

  private headers(): Record<string, string> {
    return {
      "Client-ID": WEB_CLIENT_ID,
      "Device-Id": this.deviceId,
      "User-Agent": USER_AGENT,
      Origin: "https://www.twitch.tv",
      Referer: "https://www.twitch.tv/",
    };
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new PlaybackError("transient", `cannot reach ${new URL(url).host}: ${(err as Error).message}`);
    }
  }
}

/** Which channel a playback token is for, as the token itself says (its `channel_id` and `channel`). */
export function tokenChannel(token: PlaybackToken): { id: string; name: string | null } | null {
  try {
    const value = JSON.parse(token.value) as { channel_id?: unknown; channel?: unknown };
    const id = value.channel_id;
    if (typeof id !== "string" && typeof id !== "number") return null;
    return { id: String(id), name: typeof value.channel === "string" ? value.channel : null };
  } catch {
    return null;
  }
}

/** The token's `expires` (unix seconds) as epoch ms. */
export function tokenExpiry(value: string): number | null {
  try {
    const expires = (JSON.parse(value) as { expires?: unknown }).expires;
    return typeof expires === "number" ? expires * 1000 : null;
  } catch {
    return null;
  }
}

function usherError(status: number, text: string, login: string): PlaybackError {
  let code: string | null = null;
  let message = text.trim().slice(0, 200);
  try {
    const parsed = usherErrors.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data[0]) {
      code = parsed.data[0].error_code ?? null;
      message = parsed.data[0].error ?? message;
    }
  } catch {
    // a plain-text body: keep it as the message
  }
  if (code && PERMANENT_CODES.has(code)) {
    return new PlaybackError(
      "forbidden",
      `Twitch refuses playback of ${login}: ${message} (${code})`,
      code,
      status,
    );
  }
  if (status === 404 || code === "transcode_does_not_exist") {
    return new PlaybackError("offline", `${login} is not live (${message})`, code, status);
  }
  if (status === 403)
    return new PlaybackError("transient", `usher refused the token: ${message}`, code, status);
  return new PlaybackError("transient", `usher answered ${status}: ${message}`, code, status);
}
