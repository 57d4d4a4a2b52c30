import { expect, test } from "bun:test";
import { contract } from "../../src/db/contract/harness.ts";
import { seedLibrary } from "./seed-library.ts";

// The seed writes straight into the tables: check it leaves a library the repository reads as consistent.
contract("seeded library", (c) => {
  test("has the videos asked for, with parts, categories whose stats add up, and pages that work", async () => {
    await seedLibrary(c.handle, { videos: 600, channels: 12, categories: 8, seed: 7, viewerId: "1000" });
    const stats = await c.repo.videos.statistics("1000");
    expect(stats.total + stats.removed).toBe(600);
    expect(stats.by_status.find((s) => s.status === "RUNNING")?.count).toBeGreaterThan(0);
    expect(await c.repo.recordings.listUnfinished()).toHaveLength(
      stats.by_status.find((s) => s.status === "RUNNING")?.count ?? 0,
    );

    const categories = await c.repo.categories.list();
    await c.repo.categories.refreshStats();
    expect((await c.repo.categories.list()).map((x) => x.video_count)).toEqual(
      categories.map((x) => x.video_count),
    );
    expect(categories.reduce((sum, x) => sum + x.video_count, 0)).toBeGreaterThanOrEqual(stats.total);

    const page = await c.repo.videos.listPage({ viewer_id: "1000", limit: 50, sort: "size" });
    expect(page.items).toHaveLength(50);
    const detail = await c.repo.videos.getById(page.items[0]?.id as number);
    expect(detail?.parts.length).toBeGreaterThan(0);
    expect((await c.repo.timeline.titleSpans(page.items[0]?.id as number)).length).toBeGreaterThan(0);
    await expect(
      seedLibrary(c.handle, { videos: 1, channels: 1, categories: 1, seed: 1, viewerId: "1000" }),
    ).rejects.toThrow("already holds videos");
  }, 60_000);
});
