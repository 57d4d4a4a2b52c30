import { describe, expect, test } from "bun:test";
import { inflateSync } from "node:zlib";
import { quietLog } from "../../../tests/support/sim.ts";
import { createSimulator } from "../server.ts";
import { SIM_EMOTES } from "./emotes.ts";

/** Emote images at Twitch's CDN paths, so chat shown in a dashboard never leaves the simulator. */

const { app } = createSimulator({ log: quietLog, seed: 1 });

/** The chunks of a PNG, each CRC checked. */
function chunks(png: Uint8Array): Map<string, Uint8Array> {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = new Map<string, Uint8Array>();
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = Bun.hash.crc32(png.subarray(at + 4, at + 8 + length));
    expect(view.getUint32(at + 8 + length)).toBe(crc);
    out.set(type, data);
    at += 12 + length;
  }
  return out;
}

describe("GET /emoticons/v2/{id}/{format}/{theme}/{scale}", () => {
  test.each([
    ["1.0", 28],
    ["2.0", 56],
    ["3.0", 112],
  ])("every emote the chat uses has a PNG at scale %s (%d px), both themes", async (scale, size) => {
    for (const emote of SIM_EMOTES) {
      for (const theme of ["light", "dark"]) {
        const res = await app.request(`/emoticons/v2/${emote.id}/default/${theme}/${scale}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("image/png");
        const png = chunks(new Uint8Array(await res.arrayBuffer()));
        const header = new DataView((png.get("IHDR") as Uint8Array).slice().buffer);
        expect([header.getUint32(0), header.getUint32(4), header.getUint8(8), header.getUint8(9)]).toEqual([
          size,
          size,
          8,
          6,
        ]);
        // One filter byte and RGBA pixels per row.
        expect(inflateSync(png.get("IDAT") as Uint8Array).length).toBe(size * (1 + size * 4));
        expect(png.has("IEND")).toBe(true);
      }
    }
  });

  test.each([
    "/emoticons/v2/999999/default/dark/1.0",
    "/emoticons/v2/25/animated/dark/1.0",
    "/emoticons/v2/25/default/blue/1.0",
    "/emoticons/v2/25/default/dark/4.0",
  ])("%s is a 404", async (path) => {
    expect((await app.request(path)).status).toBe(404);
  });
});
