import { useTranslation } from "react-i18next";

/** A pulsing red dot with a text alternative, for a channel that is live now. */
export function LiveDot({ className = "" }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`relative inline-flex size-2.5 ${className}`}>
      <span className="absolute inset-0 animate-ping rounded-full bg-live opacity-60 motion-reduce:animate-none" />
      <span className="relative inline-flex size-2.5 rounded-full bg-live" />
      <span className="sr-only">{t("live.liveNow")}</span>
    </span>
  );
}
