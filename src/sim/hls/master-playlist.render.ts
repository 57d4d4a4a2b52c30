import { displayName, type Variant } from "./renditions.ts";

/**
 * Usher's multivariant playlists. v1 (`/api/channel/hls/…`): #EXT-X-TWITCH-INFO, then per variant an
 * EXT-X-MEDIA (the source's GROUP-ID is "chunked", NAME "<res> (source)") and its EXT-X-STREAM-INF. v2
 * (`/api/v2/channel/hls/…`): EXT-X-SESSION-DATA lines, and the names ride on STREAM-INF
 * (STABLE-VARIANT-ID, IVS-NAME, IVS-VARIANT-SOURCE); one v2 capture keeps v1's EXT-X-MEDIA lines, which
 * `withMediaTags` reproduces.
 */

export interface UsherInfo {
  node: string;
  serverTimeMs: number;
  userIp: string;
  servingId: string;
  videoSessionId: string;
  broadcastId: string;
  streamTimeSecs: number;
  userCountry: string;
  /** HEVC/AV1 channel: TWITCH-INFO says so and the transcode stack is "transmux". */
  enhanced: boolean;
  /** base64 of a segment URL, as Twitch's C/E attributes carry. */
  edgeHint: string;
}

export interface MasterInput {
  version: "v1" | "v2";
  withMediaTags: boolean;
  info: UsherInfo;
  variants: { variant: Variant; uri: string }[];
}

export function renderMasterPlaylist(input: MasterInput): string {
  const lines = ["#EXTM3U"];
  const fields = infoFields(input.info);
  if (input.version === "v1") {
    lines.push(`#EXT-X-TWITCH-INFO:${fields.map(([k, v]) => `${k}="${v}"`).join(",")}`);
  } else {
    const wanted = new Set(V2_SESSION_DATA);
    for (const [k, v] of fields)
      if (wanted.has(k)) lines.push(`#EXT-X-SESSION-DATA:DATA-ID="${k}",VALUE="${v}"`);
  }
  for (const { variant, uri } of input.variants) {
    if (input.version === "v1" || input.withMediaTags) lines.push(mediaTag(variant), streamInfV1(variant));
    else lines.push(streamInfV2(variant));
    lines.push(uri);
  }
  return `${lines.join("\n")}\n`;
}

const V2_SESSION_DATA = [
  "NODE",
  "MANIFEST-NODE-TYPE",
  "MANIFEST-NODE",
  "SUPPRESS",
  "SERVER-TIME",
  "TRANSCODESTACK",
  "USER-IP",
  "SERVING-ID",
  "CLUSTER",
  "ABS",
  "VIDEO-SESSION-ID",
  "BROADCAST-ID",
  "STREAM-TIME",
  "USER-COUNTRY",
];

function infoFields(info: UsherInfo): [string, string][] {
  return [
    ["NODE", info.node],
    ["MANIFEST-NODE-TYPE", "weaver_cluster"],
    ["MANIFEST-NODE", "sim-weaver.local"],
    ["SUPPRESS", "true"],
    ["SERVER-TIME", (info.serverTimeMs / 1000).toFixed(2)],
    ["TRANSCODESTACK", info.enhanced ? "transmux" : "2024-Transcode-ELT-V1"],
    ...(info.enhanced ? ([["CHANNEL-METADATA", "enhanced_broadcast"]] as [string, string][]) : []),
    ["TRANSCODEMODE", "cbr_v1"],
    ["USER-IP", info.userIp],
    ["SERVING-ID", info.servingId],
    ["CLUSTER", "sim_local"],
    ["ABS", "true"],
    ["VIDEO-SESSION-ID", info.videoSessionId],
    ["BROADCAST-ID", info.broadcastId],
    ["STREAM-TIME", info.streamTimeSecs.toFixed(6)],
    ["B", "false"],
    ["USER-COUNTRY", info.userCountry],
    ["MANIFEST-CLUSTER", "sim"],
    ["ORIGIN", "sim"],
    ["C", info.edgeHint],
    ["D", "false"],
    ["E", info.edgeHint],
  ];
}

function groupId(variant: Variant): string {
  return variant.source ? "chunked" : variant.shape.name;
}

function mediaTag(variant: Variant): string {
  const name = variant.source ? `${variant.shape.name} (source)` : displayName(variant.shape);
  const auto = variant.shape.audioOnly ? "NO" : "YES";
  return `#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="${groupId(variant)}",NAME="${name}",AUTOSELECT=${auto},DEFAULT=${auto}`;
}

function streamInfV1(variant: Variant): string {
  const parts = [`BANDWIDTH=${variant.bandwidth}`];
  if (!variant.shape.audioOnly) parts.push(`RESOLUTION=${variant.shape.width}x${variant.shape.height}`);
  parts.push(`CODECS="${variant.codecs}"`, `VIDEO="${groupId(variant)}"`);
  if (!variant.shape.audioOnly) parts.push(`FRAME-RATE=${variant.shape.fps.toFixed(3)}`);
  return `#EXT-X-STREAM-INF:${parts.join(",")}`;
}

function streamInfV2(variant: Variant): string {
  const parts = [`BANDWIDTH=${variant.bandwidth}`];
  if (!variant.shape.audioOnly) parts.push(`RESOLUTION=${variant.shape.width}x${variant.shape.height}`);
  parts.push(`CODECS="${variant.codecs}"`);
  if (!variant.shape.audioOnly) parts.push(`FRAME-RATE=${variant.shape.fps.toFixed(3)}`);
  parts.push(
    `STABLE-VARIANT-ID="${variant.shape.name}"`,
    `IVS-NAME="${variant.source ? variant.shape.name : displayName(variant.shape)}"`,
    `IVS-VARIANT-SOURCE="${variant.source ? "source" : "transcode"}"`,
  );
  return `#EXT-X-STREAM-INF:${parts.join(",")}`;
}
