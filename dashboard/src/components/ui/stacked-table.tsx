import type { ReactNode } from "react";
import { cn } from "./cn";

export interface Column<T> {
  /** The header, also shown beside each value when rows stack on phones. */
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned actions column: no label when stacked. */
  actions?: boolean;
  /** Extra classes for this column's cells (e.g. `md:whitespace-nowrap`). */
  className?: string;
  /** A sortable column: its header becomes a button, and says which way the rows are sorted now. */
  sort?: { state: "ascending" | "descending" | "none"; onSort: () => void };
}

/**
 * The one data table: a real table from `md` up; below it each row stacks as "label: value" lines, so a
 * 360 px screen never scrolls sideways. The real table (caption, header cells) stays for screen readers on
 * wide screens; on phones each value carries its label as text. On its own it draws its frame (and a card
 * per row on phones); `inCard` leaves that to the card it sits in, rows divided by lines.
 */
export function StackedTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
  inCard = false,
}: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  /** Extra attributes per row (data-testid, data-current, …). */
  rowProps?: (row: T) => Record<string, string | undefined>;
  inCard?: boolean;
}) {
  return (
    <div
      className={cn("md:overflow-x-auto", !inCard && "md:rounded-xl md:border md:border-line md:bg-surface")}
    >
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden border-b border-line md:table-header-group">
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                aria-sort={column.sort && column.sort.state !== "none" ? column.sort.state : undefined}
                className={cn(
                  "px-4 py-2 text-left text-xs font-medium text-fg-muted",
                  column.actions && "text-right",
                )}
              >
                {column.actions ? (
                  <span className="sr-only">{column.header}</span>
                ) : column.sort ? (
                  <SortButton header={column.header} {...column.sort} />
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cn("flex flex-col md:table-row-group", !inCard && "gap-3")}>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              {...rowProps?.(row)}
              className={cn(
                "flex flex-col gap-1.5 md:table-row md:p-0",
                inCard
                  ? "border-b border-line px-4 py-3 last:border-b-0"
                  : "rounded-lg border border-line bg-surface p-3 md:rounded-none md:border-0 md:border-b md:last:border-b-0",
              )}
            >
              {columns.map((column) => (
                <td
                  key={column.header}
                  className={cn(
                    "min-w-0 md:table-cell md:px-4 md:py-3 md:align-middle",
                    column.actions ? "pt-1 md:pt-3" : "flex items-baseline gap-2",
                    column.className,
                  )}
                >
                  {column.actions ? (
                    <div className="flex flex-wrap justify-end gap-2 md:flex-nowrap">{column.cell(row)}</div>
                  ) : (
                    <>
                      <span className="w-28 shrink-0 text-xs font-medium text-fg-muted md:hidden">
                        {column.header}
                      </span>
                      {/* One box for the value, so a cell's inline pieces keep flowing as text. */}
                      <div className="min-w-0 flex-1 break-words max-md:wrap-anywhere">
                        {column.cell(row)}
                      </div>
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A sortable column's header: the name and an arrow for the current order (aria-sort says it to screen readers). */
function SortButton({ header, state, onSort }: { header: string; state: string; onSort: () => void }) {
  const arrow = state === "ascending" ? "↑" : state === "descending" ? "↓" : "↕";
  return (
    <button
      type="button"
      onClick={onSort}
      className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-fg focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      {header}
      <span aria-hidden="true" className={state === "none" ? "opacity-40" : "text-fg"}>
        {arrow}
      </span>
    </button>
  );
}
