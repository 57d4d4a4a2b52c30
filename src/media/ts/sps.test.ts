import { describe, expect, test } from "bun:test";
import { avcConfig, parseSps } from "./sps.ts";

/** One frame encoded by x264 with `args`, as Annex B: its SPS NAL unit (header byte included). */
async function encodedSps(size: string, args: string[]): Promise<Uint8Array> {
  const proc = Bun.spawn(
    [
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=${size}:rate=25`,
      "-frames:v",
      "1",
    ].concat(["-c:v", "libx264", "-preset", "veryfast", ...args, "-f", "h264", "-"]),
    { stdout: "pipe", stderr: "pipe" },
  );
  const bytes = Buffer.from(await new Response(proc.stdout).arrayBuffer());
  if ((await proc.exited) !== 0) throw new Error(await new Response(proc.stderr).text());
  const start = bytes.indexOf(Buffer.from([0, 0, 1, 0x67])) + 3;
  const end = bytes.indexOf(Buffer.from([0, 0, 1]), start);
  let nal = bytes.subarray(start, end);
  while (nal[nal.length - 1] === 0) nal = nal.subarray(0, -1);
  return new Uint8Array(nal);
}

const cases = [
  { name: "baseline", size: "640x360", args: ["-profile:v", "baseline"], profile: 66 },
  { name: "main", size: "1280x720", args: ["-profile:v", "main"], profile: 77 },
  { name: "high, 1080 cropped from 1088", size: "1920x1080", args: ["-profile:v", "high"], profile: 100 },
  { name: "high, odd size cropped", size: "202x118", args: ["-profile:v", "high"], profile: 100 },
  { name: "high 4:2:2 (chroma format 2)", size: "330x190", args: ["-pix_fmt", "yuv422p"], profile: 122 },
  {
    name: "high 4:4:4 (chroma format 3, crop in whole rows)",
    size: "330x186",
    args: ["-pix_fmt", "yuv444p"],
    profile: 244,
  },
  { name: "high with scaling matrices", size: "320x240", args: ["-x264-params", "cqm=jvt"], profile: 100 },
  { name: "interlaced (frame_mbs_only 0)", size: "720x576", args: ["-flags", "+ildct+ilme"], profile: 100 },
];

describe("H.264 SPS", () => {
  test.each(cases)(
    "$name: $size",
    async (c) => {
      const sps = await encodedSps(c.size, c.args);
      const info = parseSps(sps);
      const [width, height] = c.size.split("x").map(Number);
      expect(info).toMatchObject({ profile: c.profile, width, height });
      const config = avcConfig(sps, [Uint8Array.of(0x68, 0xee, 0x3c, 0x80)]);
      expect(config.codec).toBe(`avc1.${Buffer.from(sps.subarray(1, 4)).toString("hex")}`);
      expect(config.codec.slice(5, 7)).toBe(c.profile.toString(16).padStart(2, "0"));
      // avcC: version 1, profile/compat/level from the SPS, 4-byte lengths, one SPS, one PPS.
      expect([...config.avcC.subarray(0, 6)]).toEqual([1, ...sps.subarray(1, 4), 0xff, 0xe1]);
      expect(config.avcC.length).toBe(6 + 2 + sps.length + 1 + 2 + 4);
    },
    20_000,
  );

  test.each([
    { name: "not an SPS", nal: [0x68, 1, 2, 3] },
    { name: "ends early", nal: [0x67, 0x64, 0x00, 0x1f] },
    { name: "runaway exp-Golomb", nal: [0x67, 0x42, 0, 0x1f, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
  ])("rejects a broken SPS: $name", ({ nal }) => {
    expect(() => parseSps(Uint8Array.from(nal))).toThrow(/SPS|parameter set|exp-Golomb/);
  });
});
