import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { InfiniteResults } from "@/components/infinite-results";
import { PageHeader } from "@/components/page-header";
import { SortSelect } from "@/components/sort-select";
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
          <SortSelect
            className="w-48"
            value={search.sort ?? "name_asc"}
            options={CATEGORY_SORTS}
            optionLabel={(sort) => t(`categories.sorts.${sort}`)}
            onChange={(sort) => void navigate({ search: parseCategorySearch({ sort }), replace: true })}
          />
        }
      />
      <InfiniteResults pages={list} empty={categories.length === 0} emptyTitle={t("categories.empty")}>
        <ul className="grid grid-cols-3 gap-3 sm:grid-cols-4 lg:grid-cols-6 2xl:grid-cols-8">
          {categories.map((category) => (
            <CategoryCard key={category.id} category={category} />
          ))}
        </ul>
      </InfiniteResults>
    </>
  );
}
