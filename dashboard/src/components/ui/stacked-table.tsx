import type { ReactNode } from "react";
import { cn } from "./cn";

export interface Column<T> {
  /** The header, also shown beside each value when rows stack on phones. */
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned actions column: no label when stacked. */
  actions?: boolean;
  className?: string;
}

/**
 * A table from `md` up; below it each row becomes a card of "label: value" lines, so a 360 px screen never
 * scrolls sideways. The real table (caption, header cells) stays for screen readers on wide screens; on
 * phones each value carries its label as text.
 */
export function StackedTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  /** Extra attributes per row (data-testid, data-current, …). */
  rowProps?: (row: T) => Record<string, string | undefined>;
}) {
  return (
    <div className="md:overflow-hidden md:rounded-xl md:border md:border-line md:bg-surface">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden border-b border-line md:table-header-group">
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                className={cn(
                  "px-4 py-2 text-left text-xs font-medium text-fg-muted",
                  column.actions && "text-right",
                )}
              >
                {column.actions ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="flex flex-col gap-3 md:table-row-group">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              {...rowProps?.(row)}
              className="flex flex-col gap-1.5 rounded-lg border border-line bg-surface p-3 md:table-row md:rounded-none md:border-0 md:border-b md:p-0 md:last:border-b-0"
            >
              {columns.map((column) => (
                <td
                  key={column.header}
                  className={cn(
                    "min-w-0 md:px-4 md:py-3 md:align-middle",
                    column.actions
                      ? "flex flex-wrap justify-end gap-2 pt-1 md:table-cell md:pt-3 md:text-right"
                      : "flex flex-wrap items-baseline gap-x-2 md:table-cell",
                    column.className,
                  )}
                >
                  {!column.actions && (
                    <span className="w-28 shrink-0 text-xs font-medium text-fg-muted md:hidden">
                      {column.header}
                    </span>
                  )}
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
