import { expect, test } from "bun:test";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { NewNotificationTarget } from "../../domain/notifications.ts";
import { contract } from "./harness.ts";

contract("notifications", (c) => {
  const target = (extra: Partial<NewNotificationTarget> = {}) =>
    c.repo.notifications.createTarget({
      name: "Phone",
      kind: "ntfy",
      enabled: true,
      config: "v1.sealed",
      events: ["went_live"],
      broadcaster_ids: [],
      templates: {},
      ...extra,
    });
  const enqueue = (targetId: number, n: number, extra: { event_log_id?: number | null } = {}) =>
    c.repo.notifications.enqueue({
      target_id: targetId,
      event: "went_live",
      event_log_id: extra.event_log_id ?? null,
      dedupe_key: `${targetId}:${n}`,
      title: `title ${n}`,
      body: `body ${n}`,
    });

  test("targets are made, read back, changed and deleted with their deliveries", async () => {
    const made = await target({
      broadcaster_ids: ["41", "42"],
      templates: { went_live: { title: "{channel}", body: "{title}" } },
    });
    expect(made).toMatchObject({
      name: "Phone",
      kind: "ntfy",
      enabled: true,
      config: "v1.sealed",
      events: ["went_live"],
      broadcaster_ids: ["41", "42"],
      templates: { went_live: { title: "{channel}", body: "{title}" } },
      created_at: c.clock.iso(),
    });
    const other = await target({ name: "Discord", kind: "discord" });
    expect((await c.repo.notifications.listTargets()).map((x) => x.name)).toEqual(["Phone", "Discord"]);

    c.clock.advance(1000);
    const changed = await c.repo.notifications.updateTarget(made.id, { enabled: false, events: [] });
    expect(changed).toMatchObject({
      enabled: false,
      events: [],
      config: "v1.sealed",
      updated_at: c.clock.iso(),
    });
    expect(await c.repo.notifications.getTarget(made.id)).toEqual(changed);

    await enqueue(made.id, 1);
    await enqueue(other.id, 2);
    await c.repo.notifications.deleteTarget(made.id);
    expect(await c.repo.notifications.getTarget(made.id)).toBeNull();
    expect((await c.repo.notifications.listRecent(10)).map((d) => d.target_id)).toEqual([other.id]);
    await expect(c.repo.notifications.deleteTarget(made.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.repo.notifications.updateTarget(made.id, { enabled: true })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  test("one delivery per target and entry; the log lists one target's or all, newest first", async () => {
    const a = await target();
    const b = await target({ name: "B" });
    const first = await enqueue(a.id, 1);
    expect(first).toMatchObject({
      status: "pending",
      attempts: 0,
      title: "title 1",
      body: "body 1",
      next_attempt_at: c.clock.iso(),
    });
    expect(await enqueue(a.id, 1)).toBeNull();
    c.clock.advance(10);
    await enqueue(b.id, 1);
    c.clock.advance(10);
    await enqueue(a.id, 2);
    expect((await c.repo.notifications.listRecent(10)).map((d) => d.dedupe_key)).toEqual([
      `${a.id}:2`,
      `${b.id}:1`,
      `${a.id}:1`,
    ]);
    expect((await c.repo.notifications.listRecent(10, b.id)).map((d) => d.dedupe_key)).toEqual([`${b.id}:1`]);
  });

  test("claims, outcomes, retries and the stale sweep work as in every outbox", async () => {
    const a = await target();
    const queued = await enqueue(a.id, 1);
    const claimed = await c.repo.notifications.claimNext();
    expect(claimed).toMatchObject({ id: queued?.id, status: "delivering", attempts: 1 });
    expect(await c.repo.notifications.claimNext()).toBeNull();
    const id = queued?.id as number;
    await expect(c.repo.notifications.retry(id)).rejects.toBeInstanceOf(ConflictError);
    await c.repo.notifications.recordAttempt(id, { outcome: "rejected", status: 400, error: "HTTP 400" });
    expect(await c.repo.notifications.retry(id)).toMatchObject({ status: "pending", attempts: 0 });

    // A test send is stored as its first attempt, out of the loop's reach until the sweep releases it.
    const test = await c.repo.notifications.enqueue({
      target_id: a.id,
      event: "test",
      event_log_id: null,
      dedupe_key: "test:x",
      title: "t",
      body: "b",
      sending_now: true,
    });
    expect(test).toMatchObject({ status: "delivering", attempts: 1, last_attempt_at: c.clock.iso() });
    await c.repo.notifications.claimNext(); // the retried one
    expect(await c.repo.notifications.claimNext()).toBeNull();
    // A cutoff in the very millisecond of the claim counts (a sweep with no grace right after a claim).
    expect(await c.repo.notifications.releaseStale(c.clock.iso())).toBe(2);
    expect(await c.repo.notifications.releaseStale(c.clock.iso())).toBe(0);
    await c.repo.notifications.recordAttempt(test?.id as number, { outcome: "delivered", status: 204 });
    c.clock.advance(1000);
    expect(await c.repo.notifications.deleteFinishedBefore(c.clock.iso())).toBe(1);
  });

  test("a delivery reads its event-log entry until the entry is pruned", async () => {
    const entry = await c.repo.eventLogs.append({
      domain: "live",
      event_type: "online",
      severity: "info",
      message: "Speedy went live",
      broadcaster_id: "41",
      data: { broadcaster_login: "speedy", title: "Any%" },
    });
    const a = await target();
    const queued = await enqueue(a.id, entry.id, { event_log_id: entry.id });
    expect(await c.repo.notifications.sourceEntry(entry.id)).toMatchObject({
      id: entry.id,
      broadcaster_id: "41",
      data: { broadcaster_login: "speedy", title: "Any%" },
    });
    c.clock.advance(1000);
    await c.repo.eventLogs.deleteBefore(c.clock.iso(), ["info"]);
    expect(await c.repo.notifications.sourceEntry(entry.id)).toBeNull();
    expect((await c.repo.notifications.getById(queued?.id as number))?.event_log_id).toBeNull();
  });
});
