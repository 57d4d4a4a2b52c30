// The requests list keeps its page in the URL; pages are offsets of 50.

export const REQUESTS_PAGE_SIZE = 50;

export interface RequestsSearch {
  /** 1-based; left out for the first. */
  page?: number;
}

export function parseRequestsSearch(raw: Record<string, unknown>): RequestsSearch {
  const page = Number(raw.page);
  return Number.isSafeInteger(page) && page >= 2 && page <= 20_000 ? { page } : {};
}

/** The `videorequest.list` input for a page. */
export function requestsInput(search: RequestsSearch) {
  return { limit: REQUESTS_PAGE_SIZE, offset: ((search.page ?? 1) - 1) * REQUESTS_PAGE_SIZE };
}

export function requestsPageCount(total: number): number {
  return Math.max(1, Math.ceil(total / REQUESTS_PAGE_SIZE));
}
