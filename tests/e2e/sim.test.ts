import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signatureMatches } from "../../src/sim/eventsub/signature.ts";
import { FIXTURE_CHANNELS, FIXTURE_VIEWER } from "../../src/sim/fixture.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";
import { type Receiver, startReceiver } from "../support/sim.ts";

// `replayd sim` run from source, as a user would start it, in a folder of its own.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const running: ServerProcess[] = [];
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const sim of running.splice(0)) sim.proc.kill("SIGKILL");
  for (const receiver of receivers.splice(0)) await receiver.stop();
});

async function startSim(...args: string[]): Promise<ServerProcess> {
  const sim = await spawnServer({
    cmd: [process.execPath, MAIN, "sim", "--port", "0", ...args],
    cwd: mkdtempSync(join(tmpdir(), "replayd-sim-")),
    env: {},
    readyMessage: "twitch simulator is ready",
  });
  running.push(sim);
  return sim;
}

describe("replayd sim", () => {
  test("starts on a free port, shows the fixture in /sim/state, and exits 0 on SIGTERM", async () => {
    const sim = await startSim("--seed", "5");
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      seed: number;
      channels: { login: string; live: boolean }[];
      subscriptions: unknown[];
      webhook_deliveries: unknown[];
    };
    expect(state.seed).toBe(5);
    expect(state.channels.map((c) => c.login)).toEqual([
      FIXTURE_VIEWER,
      ...FIXTURE_CHANNELS.map((c) => c.login),
    ]);
    expect(state.subscriptions).toEqual([]);
    expect(state.webhook_deliveries).toEqual([]);
    const { code, ms } = await sim.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });

  test("over real HTTP: an app token, a subscription verified by a local receiver, and a signed stream.online", async () => {
    const sim = await startSim("--client-id", "e2e-app", "--client-secret", "e2e-secret");
    const receiver = startReceiver();
    receivers.push(receiver);
    const tokenRes = await fetch(`${sim.url}/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: "e2e-app",
        client_secret: "e2e-secret",
        grant_type: "client_credentials",
      }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const helix = (path: string, init: RequestInit = {}) =>
      fetch(`${sim.url}/helix${path}`, {
        ...init,
        headers: { "Client-Id": "e2e-app", Authorization: `Bearer ${access_token}` },
      });
    const users = (await (await helix("/users?login=speedrun_sam")).json()) as { data: { id: string }[] };
    const broadcaster = users.data[0]?.id;
    const secret = "e2e-webhook-secret";
    const created = await helix("/eventsub/subscriptions", {
      method: "POST",
      body: JSON.stringify({
        type: "stream.online",
        version: "1",
        condition: { broadcaster_user_id: broadcaster },
        transport: { method: "webhook", callback: receiver.url, secret },
      }),
    });
    expect(created.status).toBe(202);
    await receiver.waitFor((m) => m.type === "webhook_callback_verification");

    // The subscription is enabled once the simulator has read the receiver's answer; then go live.
    const deadline = performance.now() + 5_000;
    let status = "";
    while (status !== "enabled" && performance.now() < deadline) {
      const list = (await (await helix("/eventsub/subscriptions")).json()) as { data: { status: string }[] };
      status = list.data[0]?.status ?? "";
      if (status !== "enabled") await Bun.sleep(20);
    }
    expect(status).toBe("enabled");
    await fetch(`${sim.url}/sim/channels/speedrun_sam/live`, { method: "POST", body: "{}" });
    const online = await receiver.waitFor((m) => m.type === "notification");
    expect(signatureMatches(secret, online.id, online.timestamp, online.raw, online.signature)).toBe(true);
    expect(online.body.event).toMatchObject({ broadcaster_user_login: "speedrun_sam", type: "live" });

    const streams = (await (await helix("/streams")).json()) as {
      data: { id: string; user_login: string }[];
    };
    expect(streams.data.map((s) => s.user_login)).toEqual(["speedrun_sam"]);
    expect(streams.data[0]?.id).toBe((online.body.event as { id: string }).id);
    expect((await sim.stop()).code).toBe(0);
  });
});
