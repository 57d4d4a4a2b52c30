import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { InfiniteSentinel } from "@/components/infinite-sentinel";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Select } from "@/components/ui/field";
import { PageSpinner } from "@/components/ui/spinner";
import { CategoryCard } from "@/features/categories/components/category-card";
import { CATEGORY_SORTS, parseCategorySearch } from "@/features/categories/search";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/categories/")({
  validateSearch: parseCategorySearch,
  component: CategoriesPage,
});

function CategoriesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: "/categories/" });
  const sortId = useId();
  const list = useInfiniteQuery({
    ...trpc.category.listPage.infiniteQueryOptions(
      { limit: 60, sort: search.sort ?? "name_asc" },
      { getNextPageParam: (last) => last.next_cursor },
    ),
    placeholderData: keepPreviousData,
  });
  const categories = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t("categories.title")}
        actions={
          <div className="flex items-center gap-2">
            <label htmlFor={sortId} className="text-sm text-fg-muted">
              {t("videos.filters.sort")}
            </label>
            <Select
              id={sortId}
              className="w-48"
              value={search.sort ?? "name_asc"}
              onChange={(e) =>
                void navigate({ search: parseCategorySearch({ sort: e.target.value }), replace: true })
              }
            >
              {CATEGORY_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`categories.sorts.${s}`)}
                </option>
              ))}
            </Select>
          </div>
        }
      />
      {list.isError ? (
        <QueryError error={list.error} retry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageSpinner />
      ) : categories.length === 0 ? (
        <EmptyState title={t("categories.empty")} />
      ) : (
        <>
          <ul className="grid grid-cols-3 gap-3 sm:grid-cols-4 lg:grid-cols-6 2xl:grid-cols-8">
            {categories.map((category) => (
              <CategoryCard key={category.id} category={category} />
            ))}
          </ul>
          <InfiniteSentinel
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={() => void list.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
