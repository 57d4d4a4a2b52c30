import type { ComponentProps, ReactNode } from "react";
import { cn } from "./ui/cn";

// A table that is a real <table> from `sm` up and collapses to stacked rows on phones: each cell then shows
// its column's name before its value (the header row is hidden, the labels are not).

export function DataTable({
  caption,
  className,
  children,
}: {
  caption: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("overflow-x-auto", className)}>
      <table className="block w-full text-left text-sm sm:table [&>tbody]:block sm:[&>tbody]:table-row-group">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function DataHead({ columns }: { columns: readonly ReactNode[] }) {
  return (
    <thead className="hidden border-b border-line text-xs text-fg-muted uppercase sm:table-header-group">
      <tr>
        {columns.map((column, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
          <th key={i} scope="col" className="px-4 py-2 font-medium">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function DataRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={cn(
        "flex flex-col gap-1 border-b border-line px-4 py-3 last:border-b-0 sm:table-row sm:px-0 sm:py-0",
        className,
      )}
      {...props}
    />
  );
}

/** A cell; `label` is its column's name, shown beside the value on phones only. */
export function DataCell({
  label,
  className,
  children,
  ...props
}: ComponentProps<"td"> & { label?: string }) {
  return (
    <td
      className={cn("flex items-baseline gap-2 sm:table-cell sm:px-4 sm:py-2.5 sm:align-middle", className)}
      {...props}
    >
      {label && (
        <span aria-hidden="true" className="w-28 shrink-0 text-xs text-fg-muted sm:hidden">
          {label}
        </span>
      )}
      <span className="min-w-0 break-words max-sm:wrap-anywhere">{children}</span>
    </td>
  );
}
