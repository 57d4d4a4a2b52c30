import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { copyText } from "@/lib/copy-text";
import { Button, type ButtonVariant } from "./ui/button";
import { Input } from "./ui/field";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies `text` (a function is read at click time, e.g. a link to the current moment) and says so in a
 * status line screen readers announce. Where the browser copies nothing, the text is shown selected in a
 * read-only field, so it can be copied by hand.
 */
export function CopyButton({
  text,
  label,
  variant,
  testId,
}: {
  text: string | (() => string);
  label: string;
  variant?: ButtonVariant;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<CopyState>("idle");
  const [lastText, setLastText] = useState("");
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state === "failed") field.current?.focus();
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    const value = typeof text === "function" ? text() : text;
    setLastText(value);
    setState((await copyText(value)) ? "copied" : "failed");
  };

  return (
    <>
      <Button variant={variant} data-testid={testId} onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" className="text-sm text-fg-muted">
        {state === "copied" ? t("common.copied") : state === "failed" ? t("common.copyFailed") : ""}
      </span>
      {state === "failed" && (
        <Input
          ref={field}
          readOnly
          value={lastText}
          aria-label={t("common.textToCopy")}
          onFocus={(event) => event.currentTarget.select()}
          className="h-8 min-w-0 flex-1 basis-48 font-mono text-xs"
        />
      )}
    </>
  );
}
