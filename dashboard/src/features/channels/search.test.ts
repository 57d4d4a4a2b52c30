import { expect, test } from "bun:test";
import { type ChannelSearch, parseChannelSearch } from "./search";

test.each<[Record<string, unknown>, ChannelSearch]>([
  [{}, {}],
  [
    { sort: "name_desc", filter: "live" },
    { sort: "name_desc", filter: "live" },
  ],
  [{ sort: "name_asc", filter: "all" }, {}],
  [{ sort: "views", filter: "followed" }, {}],
  [{ filter: "favorites" }, { filter: "favorites" }],
])("%j → %j", (raw, expected) => {
  expect(parseChannelSearch(raw)).toEqual(expected);
});
