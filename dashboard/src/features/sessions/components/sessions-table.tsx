import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { TimeAgo } from "@/components/time-ago";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { useSignOut } from "@/features/auth/use-session";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { describeDevice, orderSessions } from "../device";

type SessionRow = RouterOutputs["auth"]["sessions"][number];

/** The user's signed-in browsers; Revoke ends one, and on this browser's row it signs out. */
export function SessionsTable({ sessions }: { sessions: SessionRow[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const signOut = useSignOut();
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.auth.sessions.queryFilter()),
    }),
  );

  const deviceLabel = (row: SessionRow) => {
    const { browser, os } = describeDevice(row.user_agent);
    if (browser && os) return t("sessions.deviceOn", { browser, os });
    return browser ?? os ?? t("sessions.unknownDevice");
  };

  const columns: Column<SessionRow>[] = [
    {
      header: t("sessions.device"),
      cell: (row) => (
        <span className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="font-medium text-fg" title={row.user_agent ?? undefined}>
            {deviceLabel(row)}
          </span>
          {row.current && (
            <Badge tone="brand" className="shrink-0">
              {t("sessions.current")}
            </Badge>
          )}
        </span>
      ),
    },
    {
      header: t("sessions.ip"),
      cell: (row) => <span className="font-mono text-xs">{row.ip_address ?? t("common.unknown")}</span>,
    },
    { header: t("sessions.lastActive"), cell: (row) => <TimeAgo iso={row.last_active_at} now={now} /> },
    { header: t("sessions.expires"), cell: (row) => <TimeAgo iso={row.expires_at} now={now} /> },
    {
      header: t("sessions.actions"),
      actions: true,
      cell: (row) =>
        row.current ? (
          <Button size="sm" onClick={() => void signOut()}>
            {t("sessions.signOut")}
          </Button>
        ) : (
          <Button
            size="sm"
            variant="danger"
            aria-label={t("sessions.revokeLabel", { device: deviceLabel(row) })}
            disabled={revoke.isPending && revoke.variables?.hashed_id === row.hashed_id}
            onClick={() => revoke.mutate({ hashed_id: row.hashed_id })}
          >
            {t("sessions.revoke")}
          </Button>
        ),
    },
  ];

  return (
    <div className="flex flex-col gap-3">
      {revoke.error && <Alert tone="danger">{revoke.error.message}</Alert>}
      <StackedTable
        caption={t("sessions.title")}
        columns={columns}
        rows={orderSessions(sessions)}
        rowKey={(row) => row.hashed_id}
        rowProps={(row) => ({ "data-testid": "session-row", "data-current": String(row.current) })}
      />
    </div>
  );
}
