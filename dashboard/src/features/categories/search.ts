export const CATEGORY_SORTS = ["name_asc", "latest_video_desc", "video_count_desc"] as const;
export type CategorySort = (typeof CATEGORY_SORTS)[number];

/** `?sort=` of the categories page; the default (by name) stays out of the URL. */
export function parseCategorySearch(raw: Record<string, unknown>): {
  sort?: Exclude<CategorySort, "name_asc">;
} {
  return raw.sort === "latest_video_desc" || raw.sort === "video_count_desc" ? { sort: raw.sort } : {};
}
