import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RecordIcon } from "@/components/icons";
import { Button, buttonClasses } from "@/components/ui/button";
import { RecordNowDialog } from "./record-now-dialog";

/**
 * "Record now" for a channel, or, while it already records, a link to that recording (a second one would
 * only be refused). `running` comes from the live downloads feed.
 */
export function RecordNowAction({
  broadcasterId,
  name,
  live,
  running,
}: {
  broadcasterId: string;
  name: string;
  live: boolean;
  running: { videoId: number } | null;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (running && !open)
    return (
      <Link
        to="/watch/$videoId"
        params={{ videoId: running.videoId }}
        className={buttonClasses("primary")}
        data-testid="recording-now-link"
      >
        <RecordIcon className="size-4 motion-safe:animate-pulse" />
        {t("record.recordingNow")}
      </Link>
    );
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <RecordIcon className="size-4" />
        {t("record.button")}
      </Button>
      {open && (
        <RecordNowDialog
          open
          onOpenChange={setOpen}
          broadcasterId={broadcasterId}
          name={name}
          live={live}
          running={running}
        />
      )}
    </>
  );
}
