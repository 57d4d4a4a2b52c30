import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryResult } from "@/components/query-result";
import { TimeAgo } from "@/components/time-ago";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { type FlowOutcome, tokenExpired } from "../outcome";
import { startServiceAccountSignIn } from "../start-sign-in";

type Status = RouterOutputs["system"]["serviceAccount"];
type Account = NonNullable<Status["account"]>;

/**
 * The service account: which Twitch account recordings play back as, when its token expires and was last
 * refreshed, why it is not used when it is not; sign one in (Twitch's consent page opens) or remove it.
 */
export function ServiceAccountCard({ outcome }: { outcome: FlowOutcome }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const status = useQuery(trpc.system.serviceAccount.queryOptions());
  return (
    <Card aria-labelledby="service-account-title" data-testid="service-account">
      <CardHeader id="service-account-title" title={t("serviceAccount.card.title")} />
      <div className="flex flex-col gap-4 p-4">
        <OutcomeAlert outcome={outcome} />
        <QueryResult query={status}>{(data) => <Details status={data} />}</QueryResult>
      </div>
    </Card>
  );
}

function OutcomeAlert({ outcome }: { outcome: FlowOutcome }) {
  const { t } = useTranslation();
  if (outcome.kind === "none") return null;
  return (
    <div data-testid="service-account-outcome" data-outcome={outcome.kind}>
      {outcome.kind === "set" ? (
        <Alert>{t("serviceAccount.outcome.set")}</Alert>
      ) : (
        <Alert tone="danger">
          {t(`serviceAccount.outcome.errors.${outcome.error}`, { code: outcome.code })}
        </Alert>
      )}
    </div>
  );
}

function Details({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <>
      {status.account ? (
        <AccountFacts account={status.account} />
      ) : (
        <p className="text-sm text-fg-muted" data-testid="service-account-none">
          {t("serviceAccount.none")}
        </p>
      )}
      {status.managed_by_env ? (
        <>
          <Alert>{t("serviceAccount.managedByEnv")}</Alert>
          {status.env_error && (
            <Alert tone="warning">
              <span data-testid="service-account-problem">
                {t("serviceAccount.problem", { error: status.env_error })}
              </span>
            </Alert>
          )}
        </>
      ) : (
        <Actions account={status.account} />
      )}
    </>
  );
}

function AccountFacts({ account }: { account: Account }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  return (
    <>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Fact label={t("serviceAccount.labels.account")}>
          <span className="text-sm font-medium text-fg" data-testid="service-account-login">
            {account.display_name}
          </span>
          <span className="text-sm text-fg-muted">({account.login})</span>
          <Badge tone={account.last_error ? "warning" : "success"}>
            {account.last_error ? t("serviceAccount.state.anonymous") : t("serviceAccount.state.inUse")}
          </Badge>
        </Fact>
        <Fact label={t("serviceAccount.labels.source")}>
          <span className="text-sm text-fg">{t(`serviceAccount.source.${account.source}`)}</span>
        </Fact>
        <Fact label={t("serviceAccount.labels.expires")}>
          <span className="text-sm text-fg" data-testid="service-account-expires">
            {tokenExpired(account.expires_at, now) ? (
              t("serviceAccount.expired")
            ) : (
              <TimeAgo iso={account.expires_at} now={now} />
            )}
          </span>
        </Fact>
        <Fact label={t("serviceAccount.labels.refreshed")}>
          <span className="text-sm text-fg" data-testid="service-account-refreshed">
            {account.refreshed_at ? (
              <TimeAgo iso={account.refreshed_at} now={now} />
            ) : (
              t("serviceAccount.notRefreshed")
            )}
          </span>
        </Fact>
        <Fact label={t("serviceAccount.labels.set")}>
          <span className="text-sm text-fg">
            <TimeAgo iso={account.created_at} now={now} />
          </span>
        </Fact>
      </dl>
      {account.last_error && (
        <Alert tone="warning">
          <span data-testid="service-account-problem">
            {t("serviceAccount.problem", { error: account.last_error })}
          </span>
        </Alert>
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <dt className="text-xs font-medium uppercase tracking-wide text-fg-muted">{label}</dt>
      <dd className="flex flex-wrap items-center gap-2">{children}</dd>
    </div>
  );
}

/** Sign in (or replace) the account; remove it after a confirmation. */
function Actions({ account }: { account: Account | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const signIn = useMutation({
    mutationFn: () => startServiceAccountSignIn(),
    onSuccess: (authorizeUrl) => window.location.assign(authorizeUrl),
  });
  const remove = useMutation(
    trpc.system.removeServiceAccount.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return queryClient.invalidateQueries(trpc.system.serviceAccount.pathFilter());
      },
    }),
  );
  return (
    <div className="flex flex-col gap-3 border-t border-line pt-4">
      <p className="text-xs text-fg-muted">{t("serviceAccount.signInHint")}</p>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="primary"
          onClick={() => signIn.mutate()}
          disabled={signIn.isPending || signIn.isSuccess}
          data-testid="service-account-sign-in"
        >
          {t("serviceAccount.signIn")}
        </Button>
        {account && (
          <Button variant="danger" onClick={() => setConfirming(true)} data-testid="service-account-remove">
            {t("serviceAccount.remove")}
          </Button>
        )}
      </div>
      {signIn.error && <Alert tone="danger">{signIn.error.message}</Alert>}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("serviceAccount.confirmTitle")}
        description={t("serviceAccount.confirmDescription", { login: account?.login ?? "" })}
        confirmLabel={t("serviceAccount.remove")}
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
      />
    </div>
  );
}
