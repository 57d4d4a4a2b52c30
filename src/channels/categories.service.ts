import type { Repository } from "../db/repository.ts";
import type { Category, CategoryListQuery } from "../domain/channels.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import { searchCategories } from "./category-search.ts";

/** The labels streams carry and schedules filter on: categories (games) and tags. */
export class CategoryService {
  constructor(
    private readonly deps: {
      repo: Pick<Repository, "categories" | "tags">;
      helix: Pick<HelixClient, "searchCategories">;
    },
  ) {}

  /** @throws NotFoundError */
  async get(id: string): Promise<Category> {
    const category = await this.deps.repo.categories.getById(id);
    if (!category) throw new NotFoundError(`no category ${id}`);
    return category;
  }

  list() {
    return this.deps.repo.categories.list();
  }

  listWithVideos() {
    return this.deps.repo.categories.listWithVideos();
  }

  listPage(query: CategoryListQuery) {
    return this.deps.repo.categories.listPage(query);
  }

  /** Local categories plus Twitch's (cached a day), so a schedule can filter on a game not seen yet. */
  search(query: string, limit: number) {
    return searchCategories(this.deps, query, limit);
  }

  searchWithVideos(query: string, limit: number) {
    return this.deps.repo.categories.searchWithVideos(query, limit);
  }

  tags() {
    return this.deps.repo.tags.list();
  }
}
