import { z } from "zod";

/**
 * Reads one GQL request body item and says what it asks for. Three shapes ask for a playback token:
 * the persisted query `PlaybackAccessToken` (streamlink, replayvod), the browser's inline
 * `PlaybackAccessToken_Template` query, and yt-dlp's bare `{ streamPlaybackAccessToken(...) }`. Pure.
 */

export const PLAYBACK_ACCESS_TOKEN_HASH = "ed230aa1e33e07eebb8928504583da78a5173989fadfb1ac94be06a04f3cdbe9";

const item = z.object({
  operationName: z.string().optional(),
  query: z.string().optional(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  extensions: z
    .object({ persistedQuery: z.object({ version: z.number(), sha256Hash: z.string() }).optional() })
    .nullish(),
});

export type TokenForm = "persisted" | "template" | "query";

export type GqlAsk =
  | {
      kind: "token";
      form: TokenForm;
      operationName: string | null;
      /** The channel asked for a live token, or null when the live field is not asked. */
      stream: { login: string } | null;
      /** A VOD token was asked (the simulator has no VODs: it answers null). */
      video: boolean;
      playerType: string;
      platform: string;
      /** Fields the query selects beyond value and signature. */
      authorization: boolean;
      typename: boolean;
    }
  | { kind: "error"; operationName: string | null; message: string };

export function readGqlItem(raw: unknown): GqlAsk {
  const parsed = item.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: "error",
      operationName: null,
      message: `${issue?.path.join(".") || "body"}: ${issue?.message}`,
    };
  }
  const { operationName, query, extensions } = parsed.data;
  const variables = parsed.data.variables ?? {};
  const op = operationName ?? null;
  const params = {
    playerType: stringOr(variables.playerType, "site"),
    platform: stringOr(variables.platform, "web"),
  };

  if (query && /(stream|video)PlaybackAccessToken\s*\(/.test(query)) {
    const wantsStream = /streamPlaybackAccessToken\s*\(/.test(query) && included(query, "stream", variables);
    const wantsVideo = /videoPlaybackAccessToken\s*\(/.test(query) && included(query, "video", variables);
    const login = wantsStream ? channelArgument(query, variables) : null;
    return {
      kind: "token",
      form: op === "PlaybackAccessToken_Template" ? "template" : "query",
      operationName: op,
      stream: wantsStream ? { login: login ?? "" } : null,
      video: wantsVideo,
      ...literalParams(query, params),
      authorization: /\bauthorization\s*\{/.test(query),
      typename: /__typename/.test(query),
    };
  }

  const persisted = extensions?.persistedQuery;
  if (persisted) {
    if (persisted.sha256Hash !== PLAYBACK_ACCESS_TOKEN_HASH) {
      return { kind: "error", operationName: op, message: "PersistedQueryNotFound" };
    }
    if (op !== "PlaybackAccessToken") {
      return {
        kind: "error",
        operationName: op,
        message: `no operation with name "${op ?? ""}" in the persisted query`,
      };
    }
    const isLive = variables.isLive !== false;
    return {
      kind: "token",
      form: "persisted",
      operationName: op,
      stream: isLive ? { login: stringOr(variables.login, "") } : null,
      video: variables.isVod === true,
      ...params,
      authorization: true,
      typename: true,
    };
  }
  return { kind: "error", operationName: op, message: "query: missing (send a query or a persisted query)" };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

/** `@include(if: $isLive)` on the field decides whether it is asked; no directive means it is. */
function included(query: string, field: "stream" | "video", variables: Record<string, unknown>): boolean {
  const match = new RegExp(
    `${field}PlaybackAccessToken\\s*\\([^)]*\\)[^{@]*@include\\(if:\\s*\\$(\\w+)\\)`,
  ).exec(query);
  return !match || variables[match[1] as string] === true;
}

/** The channelName argument: a string literal or a $variable. */
function channelArgument(query: string, variables: Record<string, unknown>): string | null {
  const match = /streamPlaybackAccessToken\s*\(\s*channelName\s*:\s*(?:"([^"]*)"|\$(\w+))/.exec(query);
  if (!match) return null;
  if (match[1] !== undefined) return match[1];
  const value = variables[match[2] as string];
  return typeof value === "string" ? value : null;
}

/** Inline queries may hard-code `platform: "web"` and `playerType: "site"` instead of using variables. */
function literalParams(query: string, params: { playerType: string; platform: string }) {
  const platform = /platform:\s*"([^"]*)"/.exec(query)?.[1];
  const playerType = /playerType:\s*"([^"]*)"/.exec(query)?.[1];
  return { platform: platform ?? params.platform, playerType: playerType ?? params.playerType };
}
