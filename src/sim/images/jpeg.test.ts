import { describe, expect, test } from "bun:test";
import { encodeJpeg, type Rgb } from "./jpeg.ts";

/** Decodes with ffmpeg (a real, strict decoder) to RGB bytes. */
async function decode(jpeg: Uint8Array): Promise<{ rgb: Uint8Array; error: string }> {
  const proc = Bun.spawn(
    [
      "ffmpeg",
      "-v",
      "error",
      "-f",
      "image2pipe",
      "-c:v",
      "mjpeg",
      "-i",
      "-",
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "-",
    ],
    { stdin: jpeg, stdout: "pipe", stderr: "pipe" },
  );
  const [rgb, error] = await Promise.all([
    new Response(proc.stdout).bytes(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { rgb, error };
}

function pixel(rgb: Uint8Array, width: number, x: number, y: number): number[] {
  const at = (y * width + x) * 3;
  return [rgb[at], rgb[at + 1], rgb[at + 2]] as number[];
}

function near(actual: number[], expected: Rgb): boolean {
  return actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= 3);
}

describe("JPEG encoder", () => {
  test.each([
    [1, 1],
    [8, 8],
    [52, 72],
    [440, 248],
    [1920, 1080],
  ])("a %dx%d image decodes to that many pixels without a decoder complaint", async (width, height) => {
    const { rgb, error } = await decode(encodeJpeg(width, height, (bx, by) => [bx * 7, by * 5, 128]));
    expect(error).toBe("");
    expect(rgb.length).toBe(width * height * 3);
  });

  test("each 8x8 block has the painted colour", async () => {
    const colours: Rgb[] = [
      [255, 255, 255],
      [0, 0, 0],
      [235, 4, 0],
      [20, 180, 90],
    ];
    const { rgb } = await decode(encodeJpeg(16, 16, (bx, by) => colours[by * 2 + bx] as Rgb));
    expect(near(pixel(rgb, 16, 3, 3), [255, 255, 255])).toBe(true);
    expect(near(pixel(rgb, 16, 12, 4), [0, 0, 0])).toBe(true);
    expect(near(pixel(rgb, 16, 0, 15), [235, 4, 0])).toBe(true);
    expect(near(pixel(rgb, 16, 15, 8), [20, 180, 90])).toBe(true);
  });

  test("starts with SOI and ends with EOI, and the frame header carries the size", () => {
    const jpeg = encodeJpeg(300, 200, () => [1, 2, 3]);
    expect([...jpeg.slice(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.slice(-2)]).toEqual([0xff, 0xd9]);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    const view = new DataView(jpeg.buffer, sof + 5, 4);
    expect([view.getUint16(2), view.getUint16(0)]).toEqual([300, 200]);
  });
});
