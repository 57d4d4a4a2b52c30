import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatBytes } from "@/lib/format";
import { useDeleteVideos } from "../api/use-delete-videos";
import { allDeletable, type DeletableVideo, selectionSummary } from "../deletion";

/** What a bulk deletion queued, for the page's notice. */
export interface DeletedSelection {
  count: number;
  bytes: number;
}

/**
 * The library's selection mode (admins): how many are selected and their size, select all loaded, clear,
 * and delete after a confirmation stating both. Stays under the top bar while the grid scrolls.
 */
export function SelectionBar({
  videos,
  selected,
  onChange,
  onDone,
  onDeleted,
}: {
  videos: readonly DeletableVideo[];
  selected: ReadonlySet<number>;
  onChange: (selected: Set<number>) => void;
  onDone: () => void;
  onDeleted: (deleted: DeletedSelection) => void;
}) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { many } = useDeleteVideos();
  const summary = selectionSummary(videos, selected);
  const size = formatBytes(summary.bytes, i18n.language);

  const confirm = () =>
    many.mutate(
      { ids: summary.ids },
      {
        onSuccess: (result) => {
          setConfirming(false);
          onDeleted({ count: result.queued, bytes: result.freed_bytes });
        },
      },
    );

  return (
    <div
      className="sticky top-14 z-20 -mx-3 mb-4 flex flex-wrap items-center gap-2 border-y border-line bg-surface/95 px-3 py-2 backdrop-blur sm:mx-0 sm:rounded-lg sm:border"
      data-testid="selection-bar"
    >
      <p className="mr-auto text-sm text-fg" role="status" data-testid="selection-summary">
        {t("videos.select.summary", { count: summary.count, size })}
      </p>
      <Button onClick={() => onChange(allDeletable(videos))}>{t("videos.select.all")}</Button>
      <Button onClick={() => onChange(new Set())} disabled={summary.count === 0}>
        {t("videos.select.clear")}
      </Button>
      <Button
        variant="danger"
        onClick={() => setConfirming(true)}
        disabled={summary.count === 0}
        data-testid="delete-selected"
      >
        {t("videos.delete.button")}
      </Button>
      <Button variant="ghost" onClick={onDone}>
        {t("videos.select.done")}
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => {
          setConfirming(open);
          if (!open) many.reset();
        }}
        title={t("videos.delete.manyTitle", { count: summary.count })}
        description={t("videos.delete.manyDescription", { count: summary.count, size })}
        confirmLabel={
          many.isPending
            ? t("videos.delete.deleting")
            : t("videos.delete.manyConfirm", { count: summary.count })
        }
        pending={many.isPending}
        error={many.error?.message}
        onConfirm={confirm}
      />
    </div>
  );
}
