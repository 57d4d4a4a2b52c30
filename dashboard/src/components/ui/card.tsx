import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export function Card({ className, ...props }: ComponentProps<"section">) {
  return <section className={cn("rounded-xl border border-line bg-surface", className)} {...props} />;
}

/** A card's heading row: title on the left, optional actions on the right. */
export function CardHeader({ title, id, actions }: { title: ReactNode; id?: string; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-3">
      <h2 id={id} className="text-sm font-semibold text-fg">
        {title}
      </h2>
      {actions}
    </div>
  );
}
