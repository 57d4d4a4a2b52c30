import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./ui/button";
import { Dialog } from "./ui/dialog";

/** "Are you sure?" before something that cannot be undone; the confirm button names the action. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending = false,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      {children}
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button onClick={() => onOpenChange(false)}>{t("common.cancel")}</Button>
        <Button variant="danger" onClick={onConfirm} disabled={pending} data-testid="confirm-action">
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
