import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";

/**
 * Copies `text`. The Clipboard API exists only on HTTPS (or localhost); a self-hosted server is often
 * reached over plain HTTP on the LAN, so fall back to the old select-and-copy command.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the fallback.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <>
      <Button
        variant="primary"
        data-testid={testId}
        onClick={async () => setState((await copyText(text)) ? "copied" : "failed")}
      >
        {label}
      </Button>
      <span role="status" className="text-sm text-fg-muted">
        {state === "copied" ? t("tokens.copied") : state === "failed" ? t("tokens.copyFailed") : ""}
      </span>
    </>
  );
}
