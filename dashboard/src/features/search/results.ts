// The top bar's search: what is worth asking, how answers become groups of options, and moving through them
// with the keyboard. Pure, so the rules are tested without a browser.

export type SearchKind = "video" | "channel" | "category";

/** One result as the list shows it, with where it leads. */
export interface SearchOption {
  /** Unique in the list (the DOM id of the option derives from it). */
  key: string;
  kind: SearchKind;
  label: string;
  detail: string | null;
  target:
    | { to: "/watch/$videoId"; params: { videoId: number } }
    | { to: "/channels/$channelId"; params: { channelId: string } }
    | { to: "/categories/$categoryId"; params: { categoryId: string } };
}

export interface SearchGroup {
  kind: SearchKind;
  options: SearchOption[];
}

/** Typing pauses this long before the server is asked. */
export const SEARCH_DEBOUNCE_MS = 180;
/** Results per kind: a few of each keeps the list short enough to read at a glance. */
export const SEARCH_LIMITS: Record<SearchKind, number> = { video: 4, channel: 3, category: 3 };
/** Below this many characters a search would match nearly everything. */
export const MIN_SEARCH_LENGTH = 2;
const MAX_SEARCH_LENGTH = 100;

/** The text to search for, or null when there is not enough of it (the server takes at most 100). */
export function searchTerm(raw: string): string | null {
  const term = raw.trim().replace(/\s+/g, " ").slice(0, MAX_SEARCH_LENGTH).trim();
  return term.length >= MIN_SEARCH_LENGTH ? term : null;
}

interface VideoHit {
  id: number;
  title: string;
  broadcaster_name: string | null;
  primary_category: { name: string } | null;
}
interface ChannelHit {
  broadcaster_id: string;
  broadcaster_name: string;
  broadcaster_login: string;
}
interface CategoryHit {
  id: string;
  name: string;
}

/** The answers, in the order the list shows them (videos, channels, categories); empty kinds left out. */
export function searchGroups(
  answers: {
    videos?: readonly VideoHit[] | undefined;
    channels?: readonly ChannelHit[] | undefined;
    categories?: readonly CategoryHit[] | undefined;
  },
  untitled: string,
): SearchGroup[] {
  const groups: SearchGroup[] = [
    {
      kind: "video",
      options: (answers.videos ?? []).map((v) => ({
        key: `video-${v.id}`,
        kind: "video",
        label: v.title || untitled,
        detail: [v.broadcaster_name, v.primary_category?.name].filter(Boolean).join(" · ") || null,
        target: { to: "/watch/$videoId", params: { videoId: v.id } },
      })),
    },
    {
      kind: "channel",
      options: (answers.channels ?? []).map((c) => ({
        key: `channel-${c.broadcaster_id}`,
        kind: "channel",
        label: c.broadcaster_name,
        detail: c.broadcaster_name.toLowerCase() === c.broadcaster_login ? null : c.broadcaster_login,
        target: { to: "/channels/$channelId", params: { channelId: c.broadcaster_id } },
      })),
    },
    {
      kind: "category",
      options: (answers.categories ?? []).map((c) => ({
        key: `category-${c.id}`,
        kind: "category",
        label: c.name,
        detail: null,
        target: { to: "/categories/$categoryId", params: { categoryId: c.id } },
      })),
    },
  ];
  return groups.filter((g) => g.options.length > 0);
}

/**
 * The option highlighted after an arrow key: down from nothing is the first, up from nothing the last,
 * and both ends wrap around; with no options, nothing.
 */
export function moveActive(active: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (active < 0 || active >= count) return delta === 1 ? 0 : count - 1;
  return (active + delta + count) % count;
}
