import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TrashIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { formatBytes } from "@/lib/format";
import { useDeleteVideos } from "../api/use-delete-videos";
import { type DeletableVideo, whyNotDeletable } from "../deletion";

/**
 * Delete on the watch page (admins): asks first, saying what is freed; a recording still running is
 * explained instead (cancel it first). Nothing is shown for one already removed or being removed.
 */
export function DeleteVideoButton({
  video,
  onDeleted,
}: {
  video: DeletableVideo & { title: string };
  onDeleted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const { one } = useDeleteVideos();
  const blocked = whyNotDeletable(video);
  if (blocked === "removed" || blocked === "removing") return null;

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) one.reset();
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="delete-video">
        <TrashIcon className="size-4" />
        {t("videos.delete.button")}
      </Button>
      {blocked === "recording" ? (
        <Dialog open={open} onOpenChange={close} title={t("videos.delete.runningTitle")}>
          <div className="flex flex-col gap-4">
            <p className="text-sm text-fg">{t("videos.delete.running")}</p>
            <div className="flex flex-wrap justify-end gap-2">
              <Button onClick={() => close(false)}>{t("common.close")}</Button>
              <Link
                to="/downloads"
                className="inline-flex h-8 items-center text-sm text-brand-600 hover:underline"
              >
                {t("videos.delete.toDownloads")}
              </Link>
            </div>
          </div>
        </Dialog>
      ) : (
        <ConfirmDialog
          open={open}
          onOpenChange={close}
          title={t("videos.delete.oneTitle")}
          description={t("videos.delete.oneDescription", {
            title: video.title || t("videos.untitled"),
            size: formatBytes(video.size_bytes, i18n.language),
          })}
          confirmLabel={one.isPending ? t("videos.delete.deleting") : t("videos.delete.oneConfirm")}
          pending={one.isPending}
          error={one.error?.message}
          onConfirm={() => one.mutate({ id: video.id }, { onSuccess: onDeleted })}
        />
      )}
    </>
  );
}
