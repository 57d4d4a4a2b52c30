import { describe, expect, test } from "bun:test";
import { type LiveSnapshot, pruneDeltas, reconcileLiveSet, type StatusDelta } from "./live-set";

const on = (id: string, receivedAt: number): StatusDelta => ({
  kind: "online",
  broadcaster_id: id,
  receivedAt,
});
const off = (id: string, receivedAt: number): StatusDelta => ({
  kind: "offline",
  broadcaster_id: id,
  receivedAt,
});
const snap = (ids: string[], requestedAt: number): LiveSnapshot => ({ ids, requestedAt });

describe("reconcileLiveSet", () => {
  test.each<{ name: string; snapshot: LiveSnapshot | null; deltas: StatusDelta[]; live: string[] }>([
    { name: "snapshot alone", snapshot: snap(["1", "2"], 100), deltas: [], live: ["1", "2"] },
    {
      name: "deltas alone before any snapshot",
      snapshot: null,
      deltas: [on("1", 5), on("2", 6), off("1", 7)],
      live: ["2"],
    },
    {
      name: "a channel goes live after the snapshot",
      snapshot: snap(["1"], 100),
      deltas: [on("2", 150)],
      live: ["1", "2"],
    },
    {
      name: "a channel goes offline after the snapshot",
      snapshot: snap(["1", "2"], 100),
      deltas: [off("1", 150)],
      live: ["2"],
    },
    {
      name: "deltas older than the snapshot are already in it",
      snapshot: snap(["2"], 100),
      deltas: [on("1", 50), off("2", 60), on("2", 70)],
      live: ["2"],
    },
    {
      name: "a stale offline before the snapshot does not remove a channel the snapshot has",
      snapshot: snap(["1"], 100),
      deltas: [off("1", 90)],
      live: ["1"],
    },
    {
      name: "newer deltas are applied in arrival order, whatever order they are given in",
      snapshot: snap([], 100),
      deltas: [off("1", 300), on("1", 200)],
      live: [],
    },
    {
      name: "a delta arriving while the snapshot was in flight is re-applied harmlessly",
      snapshot: snap(["1"], 100),
      deltas: [on("1", 100)],
      live: ["1"],
    },
    {
      name: "offline then online again after the snapshot leaves it live",
      snapshot: snap(["1"], 100),
      deltas: [off("1", 110), on("1", 120)],
      live: ["1"],
    },
  ])("$name", ({ snapshot, deltas, live }) => {
    expect([...reconcileLiveSet(snapshot, deltas)].sort()).toEqual(live);
  });
});

describe("pruneDeltas", () => {
  test("forgets deltas the snapshot already covers", () => {
    expect(pruneDeltas(snap([], 100), [on("1", 50), on("2", 150)])).toEqual([on("2", 150)]);
  });
  test("keeps every delta while there is no snapshot, up to the cap", () => {
    const deltas = [on("1", 1), on("2", 2), on("3", 3)];
    expect(pruneDeltas(null, deltas, 2)).toEqual([on("2", 2), on("3", 3)]);
  });
});
