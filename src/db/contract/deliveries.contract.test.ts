import { expect, test } from "bun:test";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { Delivery } from "../../domain/webhooks.ts";
import { channel, finishedVideo } from "./fixtures.ts";
import { contract } from "./harness.ts";

contract("recording webhook deliveries", (c) => {
  const enqueue = (n: number, extra: Partial<Parameters<typeof c.repo.webhookDeliveries.enqueue>[0]> = {}) =>
    c.repo.webhookDeliveries.enqueue({
      message_id: `m${n}`,
      dedupe_key: `recording.test:${n}`,
      event: "recording.test",
      video_id: null,
      test: true,
      ...extra,
    });

  test("one delivery per event and video: a second enqueue is dropped", async () => {
    await channel(c.repo, "1");
    const video = await finishedVideo(c.repo, "1");
    const key = `recording.completed:${video.id}`;
    const first = await enqueue(1, {
      dedupe_key: key,
      event: "recording.completed",
      video_id: video.id,
      test: false,
    });
    expect(first).toMatchObject({
      status: "pending",
      attempts: 0,
      next_attempt_at: c.clock.iso(),
      frozen_parts: null,
    });
    expect(
      await enqueue(2, { dedupe_key: key, event: "recording.completed", video_id: video.id }),
    ).toBeNull();
  });

  test("claims go to due deliveries in order; attempts are counted and outcomes stored", async () => {
    const later = new Date(c.clock.now().getTime() + 60_000).toISOString();
    const a = await enqueue(1);
    await enqueue(2, { next_attempt_at: later });
    const claimed = await c.repo.webhookDeliveries.claimNext();
    expect(claimed).toMatchObject({
      id: a?.id,
      status: "delivering",
      attempts: 1,
      last_attempt_at: c.clock.iso(),
    });
    expect(await c.repo.webhookDeliveries.claimNext()).toBeNull();
    const retryAt = new Date(c.clock.now().getTime() + 500).toISOString();
    const retried = await c.repo.webhookDeliveries.recordAttempt(a?.id as number, {
      outcome: "retry",
      status: 503,
      error: "unavailable",
      next_attempt_at: retryAt,
    });
    expect(retried).toMatchObject({
      status: "pending",
      last_status: 503,
      last_error: "unavailable",
      next_attempt_at: retryAt,
    });
    c.clock.advance(60_000);
    const next = await c.repo.webhookDeliveries.claimNext();
    expect([next?.id, next?.attempts]).toEqual([a?.id, 2]);
    const delivered = await c.repo.webhookDeliveries.recordAttempt(a?.id as number, {
      outcome: "delivered",
      status: 204,
    });
    expect(delivered).toMatchObject({ status: "delivered", delivered_at: c.clock.iso(), last_error: null });
    await expect(
      c.repo.webhookDeliveries.recordAttempt(999, { outcome: "failed", status: null, error: "x" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  test("concurrent workers never claim the same delivery", async () => {
    for (let i = 0; i < 10; i++) await enqueue(i);
    const other = await c.another();
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? other : c.repo).webhookDeliveries.claimNext()),
    );
    const ids = claims.filter((d): d is Delivery => d !== null).map((d) => d.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  test("only rejected or failed deliveries can be retried; stuck ones are released", async () => {
    const a = await enqueue(1);
    const b = await enqueue(2);
    await c.repo.webhookDeliveries.claimNext();
    await c.repo.webhookDeliveries.recordAttempt(a?.id as number, {
      outcome: "rejected",
      status: 400,
      error: "bad request",
    });
    await expect(c.repo.webhookDeliveries.retry(b?.id as number)).rejects.toBeInstanceOf(ConflictError);
    await expect(c.repo.webhookDeliveries.retry(999)).rejects.toBeInstanceOf(NotFoundError);
    expect(await c.repo.webhookDeliveries.retry(a?.id as number)).toMatchObject({
      status: "pending",
      attempts: 0,
    });

    await c.repo.webhookDeliveries.claimNext();
    await c.repo.webhookDeliveries.claimNext();
    c.clock.advance(3 * 60_000);
    const cutoff = new Date(c.clock.now().getTime() - 2 * 60_000).toISOString();
    expect(await c.repo.webhookDeliveries.releaseStale(cutoff)).toBe(2);
    expect((await c.repo.webhookDeliveries.listRecent(10)).map((d) => d.status)).toEqual([
      "pending",
      "pending",
    ]);
  });

  test("frozen parts survive, and finished deliveries age out", async () => {
    const a = await enqueue(1);
    const parts = [
      { part_index: 1, path: "videos/a-part01.mp4", size_bytes: 5_000_000_000, duration_seconds: 3600.5 },
    ];
    await c.repo.webhookDeliveries.freezeParts(a?.id as number, parts);
    expect((await c.repo.webhookDeliveries.getById(a?.id as number))?.frozen_parts).toEqual(parts);
    await c.repo.webhookDeliveries.claimNext();
    await c.repo.webhookDeliveries.recordAttempt(a?.id as number, { outcome: "delivered", status: 200 });
    await enqueue(2);
    c.clock.advance(31 * 24 * 3600_000);
    const cutoff = new Date(c.clock.now().getTime() - 30 * 24 * 3600_000).toISOString();
    expect(await c.repo.webhookDeliveries.deleteFinishedBefore(cutoff)).toBe(1);
    expect((await c.repo.webhookDeliveries.listRecent(10)).map((d) => d.message_id)).toEqual(["m2"]);
  });
});
