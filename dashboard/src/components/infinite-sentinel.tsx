import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./ui/button";
import { Spinner } from "./ui/spinner";

/**
 * Placed after a list: loads the next page when it comes within 500 px of the viewport; a "Load more"
 * button does the same for keyboard users and browsers without IntersectionObserver.
 */
export function InfiniteSentinel({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) fetchNextPage();
      },
      { rootMargin: "500px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div ref={sentinel} className="flex justify-center py-6">
      {isFetchingNextPage ? (
        <Spinner />
      ) : hasNextPage ? (
        <Button onClick={() => fetchNextPage()}>{t("common.loadMore")}</Button>
      ) : (
        <p className="text-sm text-fg-muted">{t("common.endOfList")}</p>
      )}
    </div>
  );
}
