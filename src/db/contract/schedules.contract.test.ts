import { expect, test } from "bun:test";
import { ConflictError, InvalidInputError, NotFoundError } from "../../domain/errors.ts";
import type { ScheduleInput } from "../../domain/schedules.ts";
import { channel, user } from "./fixtures.ts";
import { contract } from "./harness.ts";

const rule = (extra: Partial<ScheduleInput> = {}): ScheduleInput => ({
  quality: "1080p",
  recording_type: "video",
  force_h264: false,
  has_min_viewers: false,
  min_viewers: null,
  has_categories: false,
  category_ids: [],
  has_tags: false,
  tag_ids: [],
  is_delete_rediff: false,
  time_before_delete: null,
  is_disabled: false,
  record_chat: true,
  ...extra,
});

contract("schedules", (c) => {
  test("a schedule keeps its rule and allow-lists", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    await c.repo.categories.upsertMany([
      { id: "g1", name: "Chess" },
      { id: "g2", name: "Apex" },
    ]);
    const [english] = await c.repo.tags.ensure(["English"]);
    const created = await c.repo.schedules.create({
      broadcaster_id: "1",
      requested_by: "u",
      ...rule({
        has_min_viewers: true,
        min_viewers: 100,
        has_categories: true,
        category_ids: ["g1", "g2", "g1"],
        has_tags: true,
        tag_ids: [english?.id as number],
        is_delete_rediff: true,
        time_before_delete: 72,
      }),
    });
    expect(created).toMatchObject({
      broadcaster_id: "1",
      requested_by: "u",
      min_viewers: 100,
      time_before_delete: 72,
      trigger_count: 0,
      last_triggered_at: null,
      categories: [
        { id: "g2", name: "Apex" },
        { id: "g1", name: "Chess" },
      ],
      tags: [{ id: english?.id, name: "English" }],
    });
    const updated = await c.repo.schedules.update(
      created.id,
      rule({ quality: "720p", has_categories: true, category_ids: ["g1"] }),
    );
    expect(updated).toMatchObject({
      quality: "720p",
      min_viewers: null,
      categories: [{ id: "g1", name: "Chess" }],
      tags: [],
    });
  });

  test("chat capture is on unless the schedule turns it off, and an update switches it", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    const created = await c.repo.schedules.create({ broadcaster_id: "1", requested_by: "u", ...rule() });
    expect(created.record_chat).toBe(true);
    expect((await c.repo.schedules.update(created.id, rule({ record_chat: false }))).record_chat).toBe(false);
    expect((await c.repo.schedules.getById(created.id))?.record_chat).toBe(false);
    expect((await c.repo.schedules.listActiveForBroadcaster("1"))[0]?.record_chat).toBe(false);
  });

  test("one schedule per channel and user", async () => {
    await user(c.repo, "u");
    await user(c.repo, "v");
    await channel(c.repo, "1");
    await c.repo.schedules.create({ broadcaster_id: "1", requested_by: "u", ...rule() });
    await expect(
      c.repo.schedules.create({ broadcaster_id: "1", requested_by: "u", ...rule() }),
    ).rejects.toBeInstanceOf(ConflictError);
    await c.repo.schedules.create({ broadcaster_id: "1", requested_by: "v", ...rule() });
  });

  test("inconsistent rules and unknown references are refused, leaving nothing behind", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    await expect(
      c.repo.schedules.create({
        broadcaster_id: "1",
        requested_by: "u",
        ...rule({ has_min_viewers: true, min_viewers: null }),
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      c.repo.schedules.create({
        broadcaster_id: "1",
        requested_by: "u",
        ...rule({ is_delete_rediff: true, time_before_delete: 0 }),
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      c.repo.schedules.create({
        broadcaster_id: "1",
        requested_by: "u",
        ...rule({ category_ids: ["nope"] }),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      c.repo.schedules.create({ broadcaster_id: "404", requested_by: "u", ...rule() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await c.repo.schedules.list({ limit: 10, offset: 0 })).total).toBe(0);
    await expect(c.repo.schedules.update(999, rule())).rejects.toBeInstanceOf(NotFoundError);
  });

  test("lists: everyone's or one user's; active ones per channel; triggers counted", async () => {
    await user(c.repo, "u");
    await user(c.repo, "v");
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    const a = await c.repo.schedules.create({ broadcaster_id: "1", requested_by: "u", ...rule() });
    c.clock.advance(1000);
    const b = await c.repo.schedules.create({
      broadcaster_id: "1",
      requested_by: "v",
      ...rule({ is_disabled: true }),
    });
    c.clock.advance(1000);
    const d = await c.repo.schedules.create({ broadcaster_id: "2", requested_by: "v", ...rule() });
    const all = await c.repo.schedules.list({ limit: 2, offset: 0 });
    expect([all.total, all.data.map((s) => s.id)]).toEqual([3, [d.id, b.id]]);
    expect(
      (await c.repo.schedules.list({ limit: 10, offset: 0, requestedBy: "u" })).data.map((s) => s.id),
    ).toEqual([a.id]);
    expect((await c.repo.schedules.listActiveForBroadcaster("1")).map((s) => s.id)).toEqual([a.id]);
    expect([
      await c.repo.schedules.countDisabledFor("1"),
      await c.repo.schedules.countDisabledFor("2"),
    ]).toEqual([1, 0]);
    await c.repo.schedules.setDisabled(b.id, false);
    expect((await c.repo.schedules.listActiveForBroadcaster("1")).map((s) => s.id)).toEqual([a.id, b.id]);
    const at = c.clock.advance(1000);
    await c.repo.schedules.recordTriggered([a.id, b.id]);
    await c.repo.schedules.recordTriggered([a.id]);
    expect(await c.repo.schedules.getById(a.id)).toMatchObject({ trigger_count: 2, last_triggered_at: at });
    expect((await c.repo.schedules.getById(b.id))?.trigger_count).toBe(1);
    expect(await c.repo.schedules.delete(a.id)).toBe(true);
    expect(await c.repo.schedules.getById(a.id)).toBeNull();
    await expect(c.repo.schedules.setDisabled(a.id, true)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("deleting a channel deletes its schedules", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    await c.repo.categories.upsert({ id: "g", name: "G" });
    const schedule = await c.repo.schedules.create({
      broadcaster_id: "1",
      requested_by: "u",
      ...rule({ has_categories: true, category_ids: ["g"] }),
    });
    expect(await c.repo.channels.delete("1")).toBe(true);
    expect(await c.repo.schedules.getById(schedule.id)).toBeNull();
  });
});
