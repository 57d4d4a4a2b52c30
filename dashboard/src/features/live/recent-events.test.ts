import { expect, test } from "bun:test";
import { pushRecent } from "./recent-events";

const e = (id: string) => ({ id });

test.each<{ name: string; before: { id: string }[]; event: { id: string }; after: string[] }>([
  { name: "first event", before: [], event: e("1"), after: ["1"] },
  { name: "newest first", before: [e("1")], event: e("2"), after: ["2", "1"] },
  { name: "capped, oldest dropped", before: [e("3"), e("2"), e("1")], event: e("4"), after: ["4", "3", "2"] },
  { name: "a replayed event is kept once", before: [e("2"), e("1")], event: e("1"), after: ["2", "1"] },
])("$name", ({ before, event, after }) => {
  expect(pushRecent(before, event, 3).map((x) => x.id)).toEqual(after);
});
