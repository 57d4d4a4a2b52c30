import { expect, test } from "bun:test";
import type { PlacedChatLine } from "./chat.ts";
import { decodeChunk, encodeChunk } from "./chat-chunk.ts";

const line = (over: Partial<PlacedChatLine>): PlacedChatLine => ({
  msg_id: "m1",
  kind: "message",
  sent_at_ms: 1_795_867_200_000,
  offset_ms: 1500,
  user_id: "u1",
  user_login: "viewer",
  display_name: "Viewer",
  text: "hello",
  deleted: false,
  raw: "@id=m1 :viewer!viewer@viewer.tmi.twitch.tv PRIVMSG #channel :hello",
  ...over,
});

test.each([
  ["a plain message", line({})],
  ["a deleted one", line({ deleted: true })],
  [
    "a notice without author or text",
    line({ kind: "clear", user_id: null, user_login: null, display_name: null, text: "" }),
  ],
  ["tabs and backslashes in text and names", line({ text: "a\tb\\t\\", display_name: "x\\ty" })],
  ["an IRC line holding tabs and spaces", line({ raw: "@a=b\tc :x PRIVMSG #c :one\ttwo  three" })],
  ["non-ASCII text", line({ text: "héllo 🎉 日本" })],
])("%s comes back as written", (_, written) => {
  expect(decodeChunk(encodeChunk([written, line({ msg_id: "m2", offset_ms: 1600 })]))).toEqual([
    written,
    line({ msg_id: "m2", offset_ms: 1600 }),
  ]);
});

test("a malformed line is skipped, the others read", () => {
  const text = `${encodeChunk([line({})])}\nnot a chunk line\n${encodeChunk([line({ msg_id: "m3", kind: "nonsense" as never })])}`;
  expect(decodeChunk(text).map((l) => l.msg_id)).toEqual(["m1"]);
  expect(decodeChunk("")).toEqual([]);
});
