import { useTranslation } from "react-i18next";
import { chatExportUrl } from "@/lib/media-urls";

/** The chat panel's footer: the video's chat as TwitchDownloader's JSON, or as text. */
export function ChatExportLinks({ videoId }: { videoId: number }) {
  const { t } = useTranslation();
  return (
    <p className="flex flex-wrap items-center gap-x-2 border-t border-line px-3 py-1.5 text-xs text-fg-muted">
      <span>{t("chat.export.label")}</span>
      <a
        href={chatExportUrl(videoId, "json")}
        download
        title={t("chat.export.jsonHint")}
        className="font-medium text-brand-600 hover:underline dark:text-brand-400"
      >
        {t("chat.export.json")}
      </a>
      <a
        href={chatExportUrl(videoId, "txt")}
        download
        className="font-medium text-brand-600 hover:underline dark:text-brand-400"
      >
        {t("chat.export.text")}
      </a>
    </p>
  );
}
