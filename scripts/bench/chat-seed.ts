// A big chat for one video, loaded fast: the same seeded lines on SQLite (one prepared INSERT in
// transactions of 50,000) and Postgres (COPY), bypassing the repository's batched inserts, which are
// measured separately. Lines look like a busy channel's, as capture stores them (the IRC line with
// Twitch's usual tags): 5,000 viewers (a few talk a lot), 2-10 words from a skewed vocabulary (so some
// words are everywhere and some almost nowhere), emotes, badges, notices, a few deleted lines.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import type { PlacedChatLine } from "../../src/domain/chat.ts";
import { encodeChunk } from "../../src/domain/chat-chunk.ts";
import { formatIrcLine } from "../../src/twitch/irc/message.ts";

export const SEED_T0 = Date.parse("2026-11-28T12:00:00.000Z");
/** One line every 20 ms on average: 50 messages per second. */
export const MS_PER_LINE = 20;
export const VIEWERS = 5_000;

const COMMON = ["lol", "gg", "pog", "nice", "wp", "lmao", "yes", "no", "what", "hype", "omg", "clip", "that"];
const COLORS = ["#FF0000", "#1E90FF", "#00FF7F", "#DAA520", "#9ACD32", "#FF69B4", "#8A2BE2", null];
/** 300 words: the common ones, then `word13` … `word299` (the higher, the rarer, given the skew). */
export const VOCABULARY = [
  ...COMMON,
  ...Array.from({ length: 300 - COMMON.length }, (_, i) => `word${i + 13}`),
];

interface SeedLine {
  msg_id: string;
  kind: "message" | "resub";
  sent_at: string;
  offset_ms: number;
  user_id: string;
  user_login: string;
  display_name: string;
  text: string;
  deleted: boolean;
  /** The IRC line, as capture stores it. */
  raw: string;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0").slice(-width);

/** The lines of the seeded chat, in timeline order. */
export function* seedLines(count: number, seed = 20): Generator<SeedLine> {
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const offset = i * MS_PER_LINE + Math.floor(random() * MS_PER_LINE);
    const user = Math.floor(VIEWERS * random() ** 2);
    const words = Array.from(
      { length: 2 + Math.floor(random() * 9) },
      () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)] as string,
    );
    const kappa = random() < 0.2;
    const resub = random() < 0.02;
    const login = `viewer_${user}`;
    const msg_id = `${hex(i, 8)}-${hex(user, 4)}-4${hex(i >> 8, 3)}-8${hex(i * 7, 3)}-${hex(i * 2654435761, 12)}`;
    const sent = SEED_T0 + offset;
    const text = (kappa ? "Kappa " : "") + words.join(" ");
    const months = String(1 + (user % 40));
    const tags: Record<string, string> = {
      "badge-info": user % 2 ? `subscriber/${user % 24}` : "",
      badges: user % 2 ? `subscriber/${user % 24}` : "",
      color: COLORS[user % COLORS.length] ?? "",
      "display-name": `Viewer_${user}`,
      emotes: kappa ? "25:0-4" : "",
      "first-msg": "0",
      flags: "",
      id: msg_id,
      mod: "0",
      "room-id": "12345",
      subscriber: user % 2 ? "1" : "0",
      "tmi-sent-ts": String(sent),
      turbo: "0",
      "user-id": String(100_000 + user),
      "user-type": "",
      ...(resub
        ? {
            login,
            "msg-id": "resub",
            "msg-param-cumulative-months": months,
            "system-msg": `Viewer_${user} subscribed at Tier 1. They've subscribed for ${months} months!`,
          }
        : {}),
    };
    const raw = formatIrcLine({
      tags,
      prefix: resub ? "tmi.twitch.tv" : `${login}!${login}@${login}.tmi.twitch.tv`,
      command: resub ? "USERNOTICE" : "PRIVMSG",
      params: ["#seeded", text],
    });
    yield {
      msg_id,
      kind: resub ? "resub" : "message",
      sent_at: new Date(sent).toISOString(),
      offset_ms: offset,
      user_id: String(100_000 + user),
      user_login: login,
      display_name: `Viewer_${user}`,
      text,
      deleted: random() < 0.005,
      raw,
    };
  }
}

/** Lines per chunk: what capture writes each second at the seeded rate (50 lines a second). */
const CHUNK_LINES = 50;
const COLUMNS = ["video_id", "first_offset_ms", "last_offset_ms", "line_count", "lines"] as const;

const copyText = (value: string) => value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");

/** The seeded chat as capture writes it: chunks of a second's lines. */
function* seedChunks(videoId: number, count: number): Generator<(string | number)[]> {
  let lines: PlacedChatLine[] = [];
  const chunk = () => [
    videoId,
    (lines[0] as PlacedChatLine).offset_ms,
    (lines.at(-1) as PlacedChatLine).offset_ms,
    lines.length,
    encodeChunk(lines),
  ];
  for (const l of seedLines(count)) {
    lines.push({ ...l, sent_at_ms: Date.parse(l.sent_at) });
    if (lines.length === CHUNK_LINES) {
      yield chunk();
      lines = [];
    }
  }
  if (lines.length > 0) yield chunk();
}

/** Loads `count` seeded lines into the video's chat. */
export async function seedChat(db: DatabaseHandle, videoId: number, count: number): Promise<void> {
  if (db.dialect === "sqlite") {
    const insert = db.client.prepare(
      `insert into chat_chunks (${COLUMNS.join(", ")}) values (${COLUMNS.map(() => "?").join(", ")})`,
    );
    const chunks = seedChunks(videoId, count);
    for (let done = false; !done; ) {
      db.client.exec("BEGIN");
      for (let n = 0; n < 1_000; n++) {
        const next = chunks.next();
        if (next.done) {
          done = true;
          break;
        }
        insert.run(...next.value);
      }
      db.client.exec("COMMIT");
    }
    db.client.exec("ANALYZE");
    return;
  }
  const sql = db.client;
  const writable = await sql`copy chat_chunks (${sql.unsafe(COLUMNS.join(", "))}) from stdin`.writable();
  async function* rows() {
    let text = "";
    for (const chunk of seedChunks(videoId, count)) {
      text += `${chunk.map((v) => copyText(String(v))).join("\t")}\n`;
      if (text.length > 1 << 20) {
        yield text;
        text = "";
      }
    }
    if (text) yield text;
  }
  await pipeline(Readable.from(rows()), writable);
  await sql.unsafe("VACUUM ANALYZE chat_chunks");
}
