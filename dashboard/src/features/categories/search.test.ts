import { expect, test } from "bun:test";
import { parseCategorySearch } from "./search";

test.each<[Record<string, unknown>, object]>([
  [{}, {}],
  [{ sort: "name_asc" }, {}],
  [{ sort: "latest_video_desc" }, { sort: "latest_video_desc" }],
  [{ sort: "video_count_desc" }, { sort: "video_count_desc" }],
  [{ sort: "popular" }, {}],
])("%j → %j", (raw, expected) => {
  expect(parseCategorySearch(raw)).toEqual(expected);
});
