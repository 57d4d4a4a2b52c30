import { describe, expect, test } from "bun:test";
import {
  allDeletable,
  type DeletableVideo,
  pollWhileRemoving,
  selectionSummary,
  toggled,
  whyNotDeletable,
} from "./deletion";

const video = (over: Partial<DeletableVideo> & { id: number }): DeletableVideo => ({
  status: "DONE",
  size_bytes: 1000,
  deleted_at: null,
  delete_requested_at: null,
  ...over,
});
const AT = "2026-01-01T00:00:00.000Z";

describe("whyNotDeletable", () => {
  test.each<[string, Partial<DeletableVideo>, ReturnType<typeof whyNotDeletable>]>([
    ["a finished recording", {}, null],
    ["a failed recording", { status: "FAILED" }, null],
    ["one still recording", { status: "RUNNING" }, "recording"],
    ["one waiting for its stream", { status: "PENDING" }, "recording"],
    ["one queued for deletion", { delete_requested_at: AT }, "removing"],
    ["one removed", { deleted_at: AT, delete_requested_at: AT }, "removed"],
  ])("%s", (_name, over, expected) => {
    expect(whyNotDeletable(video({ id: 1, ...over }))).toBe(expected);
  });
});

describe("selectionSummary", () => {
  const videos = [
    video({ id: 1, size_bytes: 1_500 }),
    video({ id: 2, size_bytes: null, status: "FAILED" }),
    video({ id: 3, status: "RUNNING", size_bytes: 9_999 }),
    video({ id: 4, size_bytes: 500 }),
  ];
  test.each<[string, number[], { ids: number[]; count: number; bytes: number }]>([
    ["nothing selected", [], { ids: [], count: 0, bytes: 0 }],
    ["sizes add up; an unknown size counts as 0", [1, 2, 4], { ids: [1, 2, 4], count: 3, bytes: 2_000 }],
    ["a running recording is left out", [1, 3], { ids: [1], count: 1, bytes: 1_500 }],
    ["an id not on the page is ignored", [4, 77], { ids: [4], count: 1, bytes: 500 }],
  ])("%s", (_name, selected, expected) => {
    expect(selectionSummary(videos, new Set(selected))).toEqual(expected);
  });

  test("select all takes only what can be deleted", () => {
    expect([...allDeletable(videos)]).toEqual([1, 2, 4]);
  });
});

describe("toggled", () => {
  test("adds, removes, and never changes the set it was given", () => {
    const start = new Set([1]);
    expect([...toggled(start, 2)]).toEqual([1, 2]);
    expect([...toggled(start, 1)]).toEqual([]);
    expect([...start]).toEqual([1]);
  });
});

describe("pollWhileRemoving", () => {
  test.each<[string, DeletableVideo[], number | false]>([
    ["nothing queued", [video({ id: 1 })], false],
    ["a deletion queued", [video({ id: 1 }), video({ id: 2, delete_requested_at: AT })], 2000],
    ["queued and already removed", [video({ id: 2, delete_requested_at: AT, deleted_at: AT })], false],
  ])("%s", (_name, videos, expected) => {
    expect(pollWhileRemoving(videos, 2000)).toBe(expected);
  });
});
