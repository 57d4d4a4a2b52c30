import { expect, test } from "bun:test";
import { twitchEndpoints } from "./endpoints.ts";

const none = {
  client_id: "",
  client_secret: "",
  simulator_url: "",
  helix_url: "",
  oauth_url: "",
  gql_url: "",
  usher_url: "",
};

test.each([
  ["Twitch's own", {}, "wss://irc-ws.chat.twitch.tv:443"],
  ["the simulator over http", { simulator_url: "http://127.0.0.1:8090/" }, "ws://127.0.0.1:8090/irc"],
  ["the simulator over https", { simulator_url: "https://sim.example" }, "wss://sim.example/irc"],
  [
    "TWITCH_IRC_URL wins",
    { simulator_url: "http://127.0.0.1:8090", irc_url: "ws://127.0.0.1:9/chat" },
    "ws://127.0.0.1:9/chat",
  ],
])("chat's WebSocket: %s", (_name, settings, irc) => {
  expect(twitchEndpoints({ ...none, ...settings }).irc).toBe(irc);
});
