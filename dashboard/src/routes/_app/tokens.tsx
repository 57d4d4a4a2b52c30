import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { Button } from "@/components/ui/button";
import { CreateTokenDialog } from "@/features/tokens/components/create-token-dialog";
import { TokensTable } from "@/features/tokens/components/tokens-table";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/tokens")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.auth.apiTokens.queryOptions());
  },
  component: TokensPage,
});

function TokensPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const tokens = useQuery(trpc.auth.apiTokens.queryOptions());
  const [open, setOpen] = useState(false);
  const createButton = (
    <Button variant="primary" onClick={() => setOpen(true)}>
      {t("tokens.new")}
    </Button>
  );

  return (
    <div data-testid="tokens-page">
      <PageHeader title={t("tokens.title")} description={t("tokens.description")} actions={createButton} />
      <QueryResult query={tokens}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState title={t("tokens.empty")} description={t("tokens.emptyHint")} action={createButton} />
          ) : (
            <TokensTable tokens={data} />
          )
        }
      </QueryResult>
      {/* Mounted only while open: closing forgets the new token, so it is never shown twice. */}
      {open && <CreateTokenDialog open onOpenChange={setOpen} />}
    </div>
  );
}
