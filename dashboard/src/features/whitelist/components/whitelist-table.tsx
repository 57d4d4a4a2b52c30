import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TimeAgo } from "@/components/time-ago";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";

type Entry = RouterOutputs["system"]["listWhitelist"][number];
type User = RouterOutputs["system"]["listUsers"][number];

/** The allowed ids, named when that person has already signed in; removing one also signs them out. */
export function WhitelistTable({ entries, users }: { entries: Entry[]; users: User[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const [removing, setRemoving] = useState<Entry | null>(null);
  const remove = useMutation(
    trpc.system.removeWhitelist.mutationOptions({
      onSuccess: () => setRemoving(null),
      onSettled: () => queryClient.invalidateQueries(trpc.system.listWhitelist.queryFilter()),
    }),
  );
  const byId = new Map(users.map((user) => [user.id, user]));
  const nameOf = (entry: Entry) => {
    const user = byId.get(entry.twitch_user_id);
    return user ? `${user.display_name} (@${user.login})` : entry.twitch_user_id;
  };

  const columns: Column<Entry>[] = [
    {
      header: t("whitelist.twitchId"),
      cell: (row) => <span className="font-mono text-xs">{row.twitch_user_id}</span>,
    },
    {
      header: t("whitelist.user"),
      cell: (row) => {
        const user = byId.get(row.twitch_user_id);
        return user ? (
          <span>
            <span className="font-medium text-fg">{user.display_name}</span>{" "}
            <span className="text-xs text-fg-muted">@{user.login}</span>
          </span>
        ) : (
          <span className="text-fg-muted">{t("whitelist.notSignedInYet")}</span>
        );
      },
    },
    { header: t("whitelist.addedAt"), cell: (row) => <TimeAgo iso={row.added_at} now={now} /> },
    {
      header: t("whitelist.actions"),
      actions: true,
      cell: (row) => (
        <Button
          size="sm"
          variant="danger"
          aria-label={t("whitelist.removeLabel", { name: nameOf(row) })}
          onClick={() => {
            remove.reset();
            setRemoving(row);
          }}
        >
          {t("whitelist.remove")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <StackedTable
        caption={t("whitelist.title")}
        columns={columns}
        rows={entries}
        rowKey={(row) => row.twitch_user_id}
        rowProps={(row) => ({ "data-testid": "whitelist-row", "data-twitch-id": row.twitch_user_id })}
      />
      {removing && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setRemoving(null)}
          title={t("whitelist.removeTitle", { name: nameOf(removing) })}
          description={t("whitelist.removeDescription")}
          confirmLabel={t("whitelist.remove")}
          pending={remove.isPending}
          error={remove.error?.message}
          onConfirm={() => remove.mutate({ twitch_user_id: removing.twitch_user_id })}
        />
      )}
    </>
  );
}
