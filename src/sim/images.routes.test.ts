import { describe, expect, test } from "bun:test";
import { testSim } from "../../tests/support/sim.ts";

function frameSize(jpeg: Uint8Array): [number, number] {
  const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
  const view = new DataView(jpeg.buffer, jpeg.byteOffset + sof + 5, 4);
  return [view.getUint16(2), view.getUint16(0)];
}

async function image(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/jpeg");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 2)]).toEqual([0xff, 0xd8]);
  return frameSize(bytes);
}

describe("simulated CDN images", () => {
  test.each([
    ["/previews-ttv/live_user_kitchen_lab-320x180.jpg", [320, 180]],
    ["/previews-ttv/live_user_kitchen_lab-{width}x{height}.jpg", [440, 248]],
    ["/previews-ttv/live_user_kitchen_lab-%7Bwidth%7Dx%7Bheight%7D.jpg", [440, 248]],
  ])("a live channel's preview %s is a JPEG of the asked size", async (path, size) => {
    const t = testSim();
    await t.request("/sim/channels/kitchen_lab/live", { method: "POST", body: "{}" });
    expect(await image(await t.request(path))).toEqual(size as [number, number]);
  });

  test("an offline channel's preview redirects to Twitch's grey placeholder", async () => {
    const t = testSim();
    const res = await t.request("/previews-ttv/live_user_code_garden-640x360.jpg");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/ttv-static/404_preview-640x360.jpg");
    expect(await image(await t.request("/ttv-static/404_preview-640x360.jpg"))).toEqual([640, 360]);
  });

  test.each([
    ["/ttv-boxart/27471-285x380.jpg", [285, 380]],
    ["/ttv-boxart/27471-{width}x{height}.jpg", [285, 380]],
    ["/ttv-boxart/27471_IGDB-52x72.jpg", [52, 72]],
  ])("box art %s", async (path, size) => {
    expect(await image(await testSim().request(path))).toEqual(size as [number, number]);
  });

  test("unknown box art redirects to the placeholder; a profile picture is served per user", async () => {
    const t = testSim();
    expect((await t.request("/ttv-boxart/1-52x72.jpg")).headers.get("location")).toBe(
      "/ttv-static/404_boxart-52x72.jpg",
    );
    expect(await image(await t.request("/jtv_user_pictures/code_garden-profile_image-300x300.jpeg"))).toEqual(
      [300, 300],
    );
  });

  test.each([
    "/previews-ttv/live_user_kitchen_lab-0x180.jpg",
    "/previews-ttv/live_user_kitchen_lab-99999x180.jpg",
    "/previews-ttv/live_user_kitchen_lab.png",
    "/ttv-boxart/abc-52x72.jpg",
    "/jtv_user_pictures/nobody_here-profile_image-300x300.jpeg",
  ])("%s is a 404", async (path) => {
    const t = testSim();
    await t.request("/sim/channels/kitchen_lab/live", { method: "POST", body: "{}" });
    expect((await t.request(path)).status).toBe(404);
  });

  test("the same picture is the same bytes (cached), another channel another picture", async () => {
    const t = testSim();
    await t.request("/sim/channels/kitchen_lab/live", { method: "POST", body: "{}" });
    await t.request("/sim/channels/code_garden/live", { method: "POST", body: "{}" });
    const bytes = async (path: string) => new Uint8Array(await (await t.request(path)).arrayBuffer());
    const a = await bytes("/previews-ttv/live_user_kitchen_lab-80x45.jpg");
    expect(await bytes("/previews-ttv/live_user_kitchen_lab-80x45.jpg")).toEqual(a);
    expect(await bytes("/previews-ttv/live_user_code_garden-80x45.jpg")).not.toEqual(a);
  });
});
