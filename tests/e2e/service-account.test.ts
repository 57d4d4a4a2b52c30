import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "../../src/sim/server.ts";
import { quiet } from "../support/recorder.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// The service account end to end: replayd as a real process against the simulator. The owner signs an
// account in from System's flow (no user, no session for it); a sub-only stream fails with the owner's next
// step without one and records with a subscriber; a Turbo account records a stream with a midroll without
// a single ad segment.

const sim = startSimulator({ log: quiet, port: 0, seed: 19, warp: 2 });
const control = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${sim.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
};
const LIVE = { segment_seconds: 0.5, ladder: ["160p30"], window_segments: 40, bitrate_kbps: 200 };

let app: Awaited<ReturnType<typeof startReplayd>>;
const owner = new CookieJar();
let ids: Record<string, string> = {};
const asOwner = (path: string, input?: unknown, mutation = false) =>
  trpc(app.url, path, { jar: owner, input, mutation, headers: { Origin: app.url } });

beforeAll(async () => {
  // A fan of code_garden: subscribes to it (it goes sub-only below).
  await control("/users", { login: "sub_fan", subscribes_to: ["code_garden"] });
  ids = await simUserIds(sim.url);
  const cwd = mkdtempSync(join(tmpdir(), "replayd-service-account-"));
  mkdirSync(join(cwd, "data"));
  // A recording is done as soon as its stream ends (no rejoin window to wait out).
  writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 0\n");
  // Anyone may sign in (as a viewer): the viewer below must be refused by role, not by the whitelist.
  app = await startReplayd(sim.url, { WHITELIST_ENABLED: "false" }, { cwd });
  await signIn(app.url, owner, "sim_viewer");
  // Signing in mirrors sim_viewer's follows (every fixture channel) as watched channels.
  await until("the follows mirrored", async () => (await app.repo.channels.list()).length >= 5);
}, 30_000);
afterAll(async () => {
  await app?.stop();
  await sim.stop();
});

/** Records `login` from now until the returned function's stream end, and resolves with the video. */
async function record(login: string) {
  const started = await asOwner("video.triggerDownload", { broadcaster_id: ids[login] }, true);
  const videoId = (started.body.result?.data as { video_id: number } | undefined)?.video_id ?? 0;
  expect(videoId).toBeGreaterThan(0);
  return {
    videoId,
    finished: () =>
      until(
        `video ${videoId} to end`,
        async () => {
          const video = (await asOwner("video.getById", { id: videoId })).body.result?.data as {
            status: string;
            error: string | null;
            duration_seconds: number | null;
          };
          return ["DONE", "FAILED"].includes(video.status) ? video : null;
        },
        60_000,
      ),
  };
}

/** What System's button does: the POST (which sets the flow cookie), answering Twitch's authorize URL. */
async function startServiceAccountFlow(jar: CookieJar, login: string): Promise<string> {
  const res = await jar.fetch(`${app.url}/api/v1/auth/twitch/service-account?login=${login}`, {
    method: "POST",
    headers: { Origin: app.url },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { authorize_url: string }).authorize_url;
}

/** Waits until the simulator has served `login`'s stream up to segment `sequence`. */
async function untilSegment(login: string, sequence: number) {
  await until(`${login} at segment ${sequence}`, async () => {
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      channels: { login: string; session: { current_sequence: number } | null }[];
    };
    return (state.channels.find((c) => c.login === login)?.session?.current_sequence ?? -1) >= sequence;
  });
}

describe("the service account, end to end", () => {
  test("a sub-only stream without a service account fails at once, saying what to do", async () => {
    await control("/channels/code_garden/live", LIVE);
    await control("/channels/code_garden/sub-only", { sub_only: true });
    await untilSegment("code_garden", 2);
    const video = await (await record("code_garden")).finished();
    expect(video).toMatchObject({
      status: "FAILED",
      error: "sub-only stream: set a service account that subscribes to it in System",
    });
  }, 60_000);

  test("System's flow sets the account: nobody is signed in as it and no user is made", async () => {
    const before = (await asOwner("system.listUsers")).body.result?.data as { login: string }[];
    const session = owner.cookies.get("replayd_session");

    // The dashboard's button posts, then opens the URL; the simulator's authorize approves as ?login=.
    const authorize = new URL(await startServiceAccountFlow(owner, "sub_fan"));
    expect(authorize.searchParams.get("scope")).toBe("");
    expect(authorize.searchParams.get("force_verify")).toBe("true");
    const approved = await fetch(authorize, { redirect: "manual" });
    const back = await owner.fetch(approved.headers.get("location") ?? "");
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toEndWith("/system/service-account?service_account=set");

    expect(owner.cookies.get("replayd_session")).toBe(session);
    const me = (await asOwner("auth.session")).body.result?.data as { login: string };
    expect(me.login).toBe("sim_viewer");
    const after = (await asOwner("system.listUsers")).body.result?.data as { login: string }[];
    expect(after.map((u) => u.login)).toEqual(before.map((u) => u.login));
    expect(after.map((u) => u.login)).not.toContain("sub_fan");

    const status = (await asOwner("system.serviceAccount")).body.result?.data as {
      account: { login: string; source: string; expires_at: string } | null;
    };
    expect(status.account).toMatchObject({ login: "sub_fan", source: "dashboard" });
    expect(Date.parse(status.account?.expires_at ?? "")).toBeGreaterThan(Date.now());
  });

  test("another browser cannot finish an owner's flow, and a viewer cannot start one", async () => {
    const approved = await fetch(await startServiceAccountFlow(owner, "speedrun_sam"), {
      redirect: "manual",
    });
    // The callback without the owner's flow cookie: the state cannot match.
    const stranger = await fetch(approved.headers.get("location") ?? "", { redirect: "manual" });
    expect(stranger.headers.get("location")).toEndWith("/login?error=state_mismatch");

    const viewer = new CookieJar();
    await signIn(app.url, viewer, "kitchen_lab");
    const refused = await viewer.fetch(`${app.url}/api/v1/auth/twitch/service-account`, {
      method: "POST",
      headers: { Origin: app.url },
    });
    expect(refused.status).toBe(403);
    const status = (await asOwner("system.serviceAccount")).body.result?.data as {
      account: { login: string };
    };
    expect(status.account.login).toBe("sub_fan");
  });

  test("with the subscriber as service account, the sub-only stream records", async () => {
    const recording = await record("code_garden");
    await untilSegment("code_garden", 40);
    await control("/channels/code_garden/offline", { end: "endlist" });
    const video = await recording.finished();
    expect(video).toMatchObject({ status: "DONE", error: null });
    expect(video.duration_seconds ?? 0).toBeGreaterThan(3);
    // Nothing of its tokens reached the log.
    const row = await app.repo.serviceAccount.get();
    expect(row?.encrypted_tokens).toStartWith("v1.");
    expect(app.server.lines.join("\n")).not.toContain(row?.encrypted_tokens.slice(3, 40) ?? "none");
  }, 60_000);

  test("a Turbo service account records a stream with a midroll: no ad segment served, skipped or marked", async () => {
    await control("/users/sub_fan/turbo", { turbo: true });
    await control("/channels/retro_arena/live", LIVE);
    await untilSegment("retro_arena", 2);
    const recording = await record("retro_arena");
    await untilSegment("retro_arena", 20);
    const ad = await control("/channels/retro_arena/ad", { seconds: 4 });
    const breakEnd = (ad.start_sequence as number) + (ad.segments as number);
    await untilSegment("retro_arena", breakEnd + 16);
    await control("/channels/retro_arena/offline", { end: "endlist" });
    const video = await recording.finished();
    expect(video).toMatchObject({ status: "DONE", error: null });

    const gaps = (await asOwner("video.gaps", { video_id: recording.videoId })).body.result?.data as {
      kind: string;
    }[];
    expect(gaps.filter((g) => g.kind === "ad")).toEqual([]);
    const ledger = (
      (await (await fetch(`${sim.url}/sim/channels/retro_arena/segments`)).json()) as {
        segments: { sequence: number; kind: string; fetches: number }[];
      }
    ).segments;
    expect(ledger.filter((s) => s.kind === "ad")).toEqual([]);
    // The break's sequence numbers were fetched as live content.
    const inBreak = ledger.filter(
      (s) => s.sequence >= (ad.start_sequence as number) && s.sequence < breakEnd,
    );
    expect(inBreak).toHaveLength(ad.segments as number);
    expect(inBreak.every((s) => s.kind === "content" && s.fetches > 0)).toBe(true);
  }, 90_000);

  test("Twitch refusing the account's token: the recording goes on anonymously (ads and all), and System says why", async () => {
    await control("/faults", { gql_refuse_app_tokens: true });
    try {
      await control("/channels/night_owl_music/live", LIVE);
      await untilSegment("night_owl_music", 2);
      const recording = await record("night_owl_music");
      await untilSegment("night_owl_music", 12);
      await control("/channels/night_owl_music/ad", { seconds: 2 });
      await untilSegment("night_owl_music", 30);
      await control("/channels/night_owl_music/offline", { end: "endlist" });
      expect(await recording.finished()).toMatchObject({ status: "DONE", error: null });
      const gaps = (await asOwner("video.gaps", { video_id: recording.videoId })).body.result?.data as {
        kind: string;
      }[];
      expect(gaps.filter((g) => g.kind === "ad")).toHaveLength(1);
      const status = (await asOwner("system.serviceAccount")).body.result?.data as {
        account: { last_error: string | null };
      };
      expect(status.account.last_error).toStartWith("Twitch refused its token for playback");
      expect(app.server.lines.some((l) => l.includes("recording anonymously until it works again"))).toBe(
        true,
      );
    } finally {
      await control("/faults", { gql_refuse_app_tokens: false });
    }
  }, 60_000);

  test("removed from System: the sub-only stream fails again with the owner's next step", async () => {
    expect((await asOwner("system.removeServiceAccount", undefined, true)).body.result?.data).toEqual({
      removed: true,
    });
    await control("/channels/code_garden/live", LIVE);
    await untilSegment("code_garden", 2);
    const video = await (await record("code_garden")).finished();
    expect(video.error).toBe("sub-only stream: set a service account that subscribes to it in System");
  }, 60_000);
});
