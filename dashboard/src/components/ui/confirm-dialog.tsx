import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";

/** "Are you sure?" for an action that cannot be undone; the confirm button says what it does. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending,
  error,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: string | null | undefined;
  /** Shown above the buttons (a result, a detail of what is about to happen). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <div className="flex flex-col gap-4">
        {children}
        {error && <Alert tone="danger">{error}</Alert>}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{t("common.cancel")}</Button>
          <Button variant="danger" onClick={onConfirm} disabled={pending} data-testid="confirm-action">
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
