import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TimeAgo } from "@/components/time-ago";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { tokenExpiryState } from "../token-form";

type TokenRow = RouterOutputs["auth"]["apiTokens"][number];

export function TokensTable({ tokens }: { tokens: TokenRow[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const revoke = useMutation(
    trpc.auth.revokeApiToken.mutationOptions({
      onSuccess: () => setRevoking(null),
      onSettled: () => queryClient.invalidateQueries(trpc.auth.apiTokens.queryFilter()),
    }),
  );

  const expires = (row: TokenRow) => {
    const state = tokenExpiryState(row.expires_at, now);
    if (state === "never" || row.expires_at === null) return t("tokens.never");
    return (
      <span className="flex flex-wrap items-center gap-2">
        <TimeAgo iso={row.expires_at} now={now} />
        {state === "expired" && <Badge tone="danger">{t("tokens.expired")}</Badge>}
        {state === "soon" && <Badge tone="warning">{t("tokens.expiresSoon")}</Badge>}
      </span>
    );
  };

  const columns: Column<TokenRow>[] = [
    {
      header: t("tokens.name"),
      cell: (row) => (
        <span className="flex min-w-0 flex-col">
          <span className="font-medium break-all text-fg">{row.name}</span>
          <span className="font-mono text-xs text-fg-muted">{row.token_prefix}…</span>
        </span>
      ),
    },
    { header: t("tokens.scopeColumn"), cell: (row) => t(`tokens.scopes.${row.scope}`) },
    { header: t("tokens.created"), cell: (row) => <TimeAgo iso={row.created_at} now={now} /> },
    {
      header: t("tokens.lastUsed"),
      cell: (row) =>
        row.last_used_at ? <TimeAgo iso={row.last_used_at} now={now} /> : t("tokens.neverUsed"),
    },
    { header: t("tokens.expires"), cell: expires },
    {
      header: t("tokens.actions"),
      actions: true,
      cell: (row) => (
        <Button
          size="sm"
          variant="danger"
          aria-label={t("tokens.revokeLabel", { name: row.name })}
          onClick={() => {
            revoke.reset();
            setRevoking(row);
          }}
        >
          {t("tokens.revoke")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <StackedTable
        caption={t("tokens.title")}
        columns={columns}
        rows={tokens}
        rowKey={(row) => row.id}
        rowProps={(row) => ({ "data-testid": "token-row", "data-token-name": row.name })}
      />
      {revoking && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setRevoking(null)}
          title={t("tokens.revokeTitle", { name: revoking.name })}
          description={t("tokens.revokeDescription")}
          confirmLabel={t("tokens.revoke")}
          pending={revoke.isPending}
          error={revoke.error?.message}
          onConfirm={() => revoke.mutate({ id: revoking.id })}
        />
      )}
    </>
  );
}
