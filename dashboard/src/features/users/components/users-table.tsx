import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { TimeAgo } from "@/components/time-ago";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/field";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { ROLES, type Role } from "@/features/auth/session";
import { useSession } from "@/features/auth/use-session";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";

type UserRow = RouterOutputs["system"]["listUsers"][number];

/** Everyone who has signed in, with a role picker; your own role is fixed (the server refuses a self-demotion). */
export function UsersTable({ users }: { users: UserRow[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSession();
  const now = useNow(60_000);
  const update = useMutation(
    trpc.system.updateUserRole.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.system.listUsers.queryFilter()),
    }),
  );

  const columns: Column<UserRow>[] = [
    {
      header: t("users.user"),
      cell: (row) => (
        <span className="flex min-w-0 items-center gap-2">
          {row.profile_image_url ? (
            <img src={row.profile_image_url} alt="" className="size-8 shrink-0 rounded-full" />
          ) : (
            <span
              aria-hidden="true"
              className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white"
            >
              {row.display_name.slice(0, 1).toUpperCase()}
            </span>
          )}
          <span className="flex min-w-0 flex-col">
            <span className="flex flex-wrap items-center gap-2 font-medium text-fg">
              {row.display_name}
              {row.id === me.user_id && <Badge tone="brand">{t("users.you")}</Badge>}
            </span>
            <span className="text-xs text-fg-muted">@{row.login}</span>
          </span>
        </span>
      ),
    },
    {
      header: t("users.twitchId"),
      cell: (row) => <span className="font-mono text-xs">{row.id}</span>,
    },
    { header: t("users.joined"), cell: (row) => <TimeAgo iso={row.created_at} now={now} /> },
    {
      header: t("users.role"),
      cell: (row) => {
        const self = row.id === me.user_id;
        const pending = update.isPending && update.variables?.user_id === row.id;
        return (
          <span className="flex flex-col gap-1">
            <Select
              aria-label={t("users.roleFor", { name: row.display_name })}
              value={pending ? update.variables?.role : row.role}
              disabled={self || pending}
              title={self ? t("users.ownRole") : undefined}
              onChange={(e) => update.mutate({ user_id: row.id, role: e.target.value as Role })}
              className="h-9 w-36"
              data-testid="user-role"
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </Select>
          </span>
        );
      },
    },
  ];

  return (
    <div className="flex flex-col gap-3">
      {update.error && <Alert tone="danger">{update.error.message}</Alert>}
      <StackedTable
        caption={t("users.title")}
        columns={columns}
        rows={users}
        rowKey={(row) => row.id}
        rowProps={(row) => ({ "data-testid": "user-row", "data-login": row.login })}
      />
    </div>
  );
}
