import type { simulator } from "./recorder.ts";
import { type CookieJar, trpc } from "./sign-in.ts";
import { until } from "./until.ts";

// A small library recorded for real from the simulator through a running replayd, for the browser tests of
// everyday pages: one recording in several parts with a skipped ad, one that started later but ended
// first, and a second recording of that channel still running.

export interface PartView {
  part_index: number;
  duration_seconds: number;
}
export interface VideoView {
  id: number;
  status: string;
  broadcaster_id: string;
  start_download_at: string;
  downloaded_at: string | null;
  parts: PartView[];
}

type Sim = ReturnType<typeof simulator>;

export const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], bitrate_kbps: 250, window_segments: 60 };

/** A tRPC call that must succeed; its data. */
export async function call<T>(
  base: string,
  jar: CookieJar,
  path: string,
  input?: unknown,
  mutation = false,
): Promise<T> {
  const { status, body } = await trpc(base, path, { jar, input, mutation });
  if (status !== 200 || !body.result) throw new Error(`${path}: ${status} ${body.error?.message}`);
  return body.result.data as T;
}

export function video(base: string, jar: CookieJar, id: number): Promise<VideoView> {
  return call<VideoView>(base, jar, "video.getById", { id });
}

async function record(base: string, jar: CookieJar, broadcasterId: string): Promise<number> {
  const started = await call<{ video_id: number }>(
    base,
    jar,
    "video.triggerDownload",
    { broadcaster_id: broadcasterId, quality: "source" },
    true,
  );
  return started.video_id;
}

async function finished(base: string, jar: CookieJar, id: number): Promise<VideoView> {
  return until(
    `video ${id} to finish`,
    async () => {
      const v = await video(base, jar, id);
      return v.status === "DONE" ? v : null;
    },
    60_000,
  );
}

/**
 * Records, as the owner signed in with `jar`: `multiPart` on `logins.multi` (parts of `maxPartSeconds`, an ad
 * skipped in the middle), `endedFirst` on `logins.other` (started after it, ended before it), then
 * `running`, a new recording of `logins.other` left running.
 */
export async function recordLibrary(
  sim: Sim,
  base: string,
  jar: CookieJar,
  logins: { multi: string; other: string },
): Promise<{ multiPart: VideoView; endedFirst: VideoView; running: number; ids: Record<string, string> }> {
  const ids: Record<string, string> = {};
  for (const login of [logins.multi, logins.other]) {
    const channel = await call<{ broadcaster_id: string }>(
      base,
      jar,
      "channel.syncFromTwitch",
      { login },
      true,
    );
    ids[login] = channel.broadcaster_id;
    await sim.control(`/channels/${login}/live`, { ...LIVE, title: `${login} live` });
  }
  const multiId = await record(base, jar, ids[logins.multi] as string);
  await sim.until(logins.multi, 4);
  const otherId = await record(base, jar, ids[logins.other] as string);
  await sim.until(logins.other, 12);
  await sim.control(`/channels/${logins.other}/offline`, { end: "endlist" });
  const endedFirst = await finished(base, jar, otherId);

  // An ad once the recording has some content (one before any would be a pre-roll, not a gap in the
  // video), kept as a marker; then until a third part has a few seconds of its own.
  await until(
    "a few seconds recorded",
    async () => {
      const rows = await call<{ segments_done: number; video: { id: number } | null }[]>(
        base,
        jar,
        "video.activeDownloads",
      );
      return (rows.find((r) => r.video?.id === multiId)?.segments_done ?? 0) >= 6;
    },
    30_000,
  );
  await sim.control(`/channels/${logins.multi}/ad`, { seconds: 3 });
  await until(
    "the skipped ad's marker",
    async () => (await call<unknown[]>(base, jar, "video.gaps", { video_id: multiId })).length > 0,
    30_000,
  );
  await until("a third part", async () => (await video(base, jar, multiId)).parts.length >= 3, 60_000);
  const now = (await sim.channel(logins.multi))?.session?.current_sequence ?? 0;
  await sim.until(logins.multi, now + 6);
  await sim.control(`/channels/${logins.multi}/offline`, { end: "endlist" });
  const multiPart = await finished(base, jar, multiId);

  await sim.control(`/channels/${logins.other}/live`, { ...LIVE, title: `${logins.other} again` });
  const running = await record(base, jar, ids[logins.other] as string);
  return { multiPart, endedFirst, running, ids };
}
