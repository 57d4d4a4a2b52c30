import { afterAll, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { quietLog } from "../../../tests/support/sim.ts";
import { startSimulator } from "../../sim/server.ts";
import { SIMULATOR_PROXY_PATH, simulatorProxyRoutes } from "./simulator-proxy.routes.ts";

// The demo's proxy of the simulator's browser pages, in front of a real simulator on loopback.
const sim = startSimulator({ log: quietLog, port: 0, seed: 3 });
afterAll(() => sim.stop());

function appOver(origin: string): Hono {
  const app = new Hono();
  app.route("/api/v1", new Hono().route("/", simulatorProxyRoutes(origin)));
  return app;
}
const get = (path: string, origin = sim.url) =>
  appOver(origin).request(`http://192.0.2.10:8080${SIMULATOR_PROXY_PATH}${path}`);

describe("the demo's proxy of the simulator", () => {
  test.each([
    ["a profile picture", "/jtv_user_pictures/kitchen_lab-profile_image-300x300.jpeg", 200, "image/jpeg"],
    ["a placeholder", "/ttv-static/404_preview-440x248.jpg", 200, "image/jpeg"],
    ["a chat emote", "/emoticons/v2/25/default/dark/1.0", 200, "image/png"],
    ["an unknown user's picture", "/jtv_user_pictures/nobody_here-profile_image-300x300.jpeg", 404, null],
  ])("%s: the simulator's answer", async (_what, path, status, type) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    if (type) expect(res.headers.get("content-type")).toBe(type);
  });

  test("chat emote images are passed through: the simulator's own answer", async () => {
    const path = "/emoticons/v2/25/default/dark/1.0";
    const direct = await fetch(`${sim.url}${path}`);
    const res = await get(path);
    expect(res.status).toBe(direct.status);
    expect(await res.text()).toBe(await direct.text());
    expect((await get("/emoticons/v2/25/default/dark/9.0")).status).toBe(404);
  });

  test("the simulator's own redirects stay under the proxy's path", async () => {
    const res = await get("/previews-ttv/live_user_kitchen_lab-320x180.jpg");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${SIMULATOR_PROXY_PATH}/ttv-static/404_preview-320x180.jpg`);
  });

  test("the sign-in page sends the browser back to the redirect URI it was given", async () => {
    const query = new URLSearchParams({
      client_id: "any",
      redirect_uri: "http://192.0.2.10:8080/api/v1/auth/twitch/callback",
      response_type: "code",
      scope: "user:read:follows",
      state: "s",
    });
    const res = await get(`/oauth2/authorize?${query}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toStartWith(
      "http://192.0.2.10:8080/api/v1/auth/twitch/callback?code=",
    );
  });

  test.each([
    ["Helix", "/helix/users?login=kitchen_lab"],
    ["the control API", "/sim/state"],
    ["the token endpoint", "/oauth2/token"],
    ["usher", "/api/channel/hls/kitchen_lab.m3u8"],
    ["a nested path", "/ttv-boxart/a/b.jpg"],
  ])("%s is not proxied: 404", async (_what, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("does not serve");
  });

  test("a simulator that does not answer is a 502 saying so", async () => {
    const res = await get("/ttv-static/404_preview-440x248.jpg", "http://127.0.0.1:9");
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "the Twitch simulator does not answer",
    );
  });
});
