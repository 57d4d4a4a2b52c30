import type { Repository } from "../db/repository.ts";
import type { Category } from "../domain/channels.ts";
import type { HelixClient } from "../twitch/helix.client.ts";

/** How long Twitch's answer for a query is reused; an empty answer, for less (a game may appear). */
const HIT_TTL_MS = 24 * 3600_000;
const MISS_TTL_MS = 5 * 60_000;

/**
 * Category search for schedule filters: the local categories, plus Twitch's for names replayd has not seen
 * yet (stored, so they can be picked). Twitch's answer per query is cached; when Twitch fails, the local
 * results stand alone. Ranking: exact name, prefix, then contains, then alphabetical.
 */
export async function searchCategories(
  deps: { repo: Pick<Repository, "categories">; helix: Pick<HelixClient, "searchCategories"> },
  query: string,
  limit: number,
): Promise<Category[]> {
  const normalized = query.trim().toLowerCase();
  if ([...normalized].length >= 2) {
    const cached = await deps.repo.categories.cachedSearch(normalized);
    if (cached === null) {
      try {
        const remote = await deps.helix.searchCategories(normalized, Math.min(limit, 100));
        await deps.repo.categories.upsertMany(
          remote.map((g) => ({ id: g.id, name: g.name, box_art_url: g.box_art_url || null })),
        );
        await deps.repo.categories.cacheSearch(
          normalized,
          remote.map((g) => g.id),
          remote.length ? HIT_TTL_MS : MISS_TTL_MS,
        );
      } catch {
        // Twitch unavailable: local results only.
      }
    }
  }
  const found = await deps.repo.categories.search(query, limit);
  return rankByName(found, normalized).slice(0, limit);
}

export function rankByName<T extends { name: string }>(items: readonly T[], needle: string): T[] {
  const rank = (name: string) => {
    const n = name.toLowerCase();
    return n === needle ? 0 : n.startsWith(needle) ? 1 : n.includes(needle) ? 2 : 3;
  };
  return [...items].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
