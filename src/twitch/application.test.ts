import { describe, expect, test } from "bun:test";
import { missingTwitchApp } from "./application.ts";

describe("missingTwitchApp", () => {
  test.each([
    ["nothing set", "", "", false, ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET"]],
    ["no secret", "id", "", false, ["TWITCH_CLIENT_SECRET"]],
    ["no id", "", "secret", false, ["TWITCH_CLIENT_ID"]],
    ["both set", "id", "secret", false, []],
    ["the simulator takes any credentials", "", "", true, []],
  ])("%s", (_what, client_id, client_secret, simulated, missing) => {
    expect(missingTwitchApp({ client_id, client_secret }, simulated)).toEqual(missing);
  });
});
