import { describe, expect, test } from "bun:test";
import { TRPCError } from "@trpc/server";
import { channel, finishedVideo } from "../../src/db/contract/fixtures.ts";
import { apiWorld } from "../support/api.ts";

// The library's history, requests and statistics procedures over the real services and both databases:
// who sees whose requests, the history's tabs as list filters, and the statistics the dashboard draws.

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe.each(["sqlite", "pg"] as const)("library procedures on %s", (dialect) => {
  test("requests: a viewer sees their own, an admin and the owner everyone's, with who asked", async () => {
    const w = await apiWorld(dialect);
    try {
      const repo = w.services.repo;
      await channel(repo, "1", "Speedrunner");
      const [a, b] = [await finishedVideo(repo, "1"), await finishedVideo(repo, "1")];
      const viewer = await w.user("viewer", "vera");
      const other = await w.user("viewer", "otto");
      const admin = await w.user("admin", "ada");
      const owner = await w.user("owner", "olga");
      expect(await w.as(viewer).videorequest.request({ video_id: a.id })).toEqual({ ok: true });
      await w.as(other).videorequest.request({ video_id: b.id });
      await w.as(admin).videorequest.request({ video_id: b.id });
      const whoAsked = async (caller: typeof viewer) =>
        (await w.as(caller).videorequest.list()).data
          .map((r) => `${r.requested_by.login}:${r.video_id}`)
          .sort();
      expect(await whoAsked(viewer)).toEqual([`vera:${a.id}`]);
      expect(await whoAsked(other)).toEqual([`otto:${b.id}`]);
      const everyone = [`ada:${b.id}`, `otto:${b.id}`, `vera:${a.id}`].sort();
      expect(await whoAsked(admin)).toEqual(everyone);
      expect(await whoAsked(owner)).toEqual(everyone);
      expect((await w.as(owner).videorequest.list({ limit: 2, offset: 0 })).total).toBe(3);
      const missing = await failure(w.as(viewer).videorequest.request({ video_id: 4242 }));
      expect(missing.code).toBe("NOT_FOUND");
    } finally {
      await w.dispose();
    }
  });

  test("history tabs are list filters: failed, cancelled, removed, and everything that finished", async () => {
    const w = await apiWorld(dialect);
    try {
      const repo = w.services.repo;
      await channel(repo, "1");
      const done = await finishedVideo(repo, "1");
      const failed = await finishedVideo(repo, "1", { status: "FAILED" });
      const cancelled = await finishedVideo(repo, "1", { completion_kind: "cancelled", truncated: true });
      const gone = await finishedVideo(repo, "1");
      await repo.videos.requestDelete(gone.id);
      await repo.videos.markDeleted(gone.id, "manual");
      const viewer = await w.user("viewer");
      const ids = async (filters: Parameters<ReturnType<typeof w.as>["video"]["listPage"]>[0]) =>
        (await w.as(viewer).video.listPage(filters)).items.map((v) => v.id).sort();
      expect(await ids({ terminal_only: true, scope: "all" })).toEqual(
        [done.id, failed.id, cancelled.id, gone.id].sort(),
      );
      expect(await ids({ status: "FAILED" })).toEqual([failed.id]);
      expect(await ids({ completion_kind: "cancelled" })).toEqual([cancelled.id]);
      expect(await ids({ scope: "removed" })).toEqual([gone.id]);
      const stats = await w.as(viewer).video.statistics();
      expect([stats.cancelled, stats.removed]).toEqual([1, 1]);
    } finally {
      await w.dispose();
    }
  });

  test("statistics: languages, shares per channel and category, recordings per day", async () => {
    const w = await apiWorld(dialect);
    try {
      const repo = w.services.repo;
      await channel(repo, "1", "Alpha");
      await channel(repo, "2", "Beta");
      const chess = { id: "743", name: "Chess" };
      await finishedVideo(repo, "1", { language: "fr", category: chess });
      await finishedVideo(repo, "2", { language: "en", parts: [{ duration_seconds: 60, size_bytes: 5 }] });
      await finishedVideo(repo, "1", { language: "fr" });
      const viewer = await w.user("viewer");
      expect(await w.as(viewer).video.languages()).toEqual([
        { language: "fr", count: 2 },
        { language: "en", count: 1 },
      ]);
      const breakdown = await w.as(viewer).video.statisticsBreakdown({ limit: 5 });
      expect(breakdown.channels.map((c) => [c.broadcaster_name, c.count])).toEqual([
        ["Alpha", 2],
        ["Beta", 1],
      ]);
      // Two hours without a category, one of chess.
      expect(breakdown.categories.map((c) => [c.name, c.count])).toEqual([
        [null, 2],
        ["Chess", 1],
      ]);
      const today = new Date();
      today.setUTCHours(0, 0, 0, 0);
      const day = 24 * 3600 * 1000;
      const boundaries = [-1, 0, 1].map((d) => new Date(today.getTime() + d * day).toISOString());
      const buckets = await w.as(viewer).video.statisticsOverTime({ boundaries });
      expect(buckets.map((b) => b.count)).toEqual([0, 3]);
      const backwards = await failure(
        w.as(viewer).video.statisticsOverTime({ boundaries: [...boundaries].reverse() }),
      );
      expect([backwards.code, backwards.message]).toEqual([
        "BAD_REQUEST",
        "boundaries: instants must be valid and strictly ascending",
      ]);
    } finally {
      await w.dispose();
    }
  });

  test("category.getDetail: a category with how many recordings it has and their size; unknown is NOT_FOUND", async () => {
    const w = await apiWorld(dialect);
    try {
      const repo = w.services.repo;
      await channel(repo, "1");
      const chess = { id: "743", name: "Chess" };
      await finishedVideo(repo, "1", { category: chess, parts: [{ duration_seconds: 60, size_bytes: 300 }] });
      await finishedVideo(repo, "1", { category: chess, parts: [{ duration_seconds: 60, size_bytes: 200 }] });
      const viewer = await w.user("viewer");
      const detail = await w.as(viewer).category.getDetail({ id: "743" });
      expect([detail.name, detail.video_count, detail.total_size]).toEqual(["Chess", 2, 500]);
      expect(await w.as(viewer).category.getById({ id: "743" })).toEqual(detail);
      const unknown = await failure(w.as(viewer).category.getDetail({ id: "999" }));
      expect(unknown.code).toBe("NOT_FOUND");
    } finally {
      await w.dispose();
    }
  });
});
