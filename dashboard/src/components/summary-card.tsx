import type { LinkProps } from "@tanstack/react-router";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type QueryLike, QueryResult } from "./query-result";
import { Card, CardHeader } from "./ui/card";

/**
 * One section of an overview page: a title, what it sums up, and a link to the page with the details.
 * `query` shows its loading and error states (with a retry) before `children` get its data.
 */
export function SummaryCard<T>({
  title,
  to,
  testId,
  query,
  children,
}: {
  title: string;
  to: NonNullable<LinkProps["to"]>;
  testId: string;
  query: QueryLike<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card data-testid={testId} className="flex flex-col">
      <CardHeader
        title={title}
        actions={
          <Link
            to={to}
            className="text-sm text-brand-600 hover:underline dark:text-brand-400"
            aria-label={t("system.overview.openPage", { page: title })}
          >
            {t("system.overview.details")}
          </Link>
        }
      />
      <div className="flex flex-1 flex-col gap-3 p-4 text-sm">
        <QueryResult query={query}>{children}</QueryResult>
      </div>
    </Card>
  );
}
