import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";
import {
  checkTokenName,
  DEFAULT_TOKEN_EXPIRY,
  DEFAULT_TOKEN_SCOPE,
  expiresInDays,
  isTokenExpiryChoice,
  isTokenScope,
  TOKEN_EXPIRY_CHOICES,
  TOKEN_SCOPES,
  type TokenExpiryChoice,
  type TokenScope,
} from "../token-form";
import { CreatedToken } from "./created-token";

/**
 * Names a new token and picks its lifetime, then shows the token itself: this is the only time it can be
 * seen (the server keeps a hash), which the dialog says plainly.
 */
export function CreateTokenDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<TokenExpiryChoice>(DEFAULT_TOKEN_EXPIRY);
  const [scope, setScope] = useState<TokenScope>(DEFAULT_TOKEN_SCOPE);
  const [touched, setTouched] = useState(false);
  const create = useMutation(
    trpc.auth.createApiToken.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.auth.apiTokens.queryFilter()),
    }),
  );
  const checked = checkTokenName(name);
  const nameError = touched && !checked.ok ? t(`tokens.errors.${checked.error}`) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!checked.ok) return;
    create.mutate({ name: checked.value, scope, expires_in_days: expiresInDays(expiry) });
  };

  const created = create.data;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={created ? t("tokens.createdTitle", { name: created.name }) : t("tokens.createTitle")}
      description={created ? undefined : t("tokens.createDescription")}
    >
      {created ? (
        <CreatedToken token={created.token} onDone={() => onOpenChange(false)} />
      ) : (
        <form onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="token-create-form">
          <Field label={t("tokens.name")} error={nameError} hint={t("tokens.nameHint")}>
            {(props) => (
              <Input
                {...props}
                name="name"
                value={name}
                maxLength={64}
                autoComplete="off"
                onChange={(e) => setName(e.target.value)}
                onBlur={() => name !== "" && setTouched(true)}
              />
            )}
          </Field>
          <Field label={t("tokens.scope")} hint={t(`tokens.scopeHints.${scope}`)}>
            {(props) => (
              <Select
                {...props}
                name="scope"
                value={scope}
                onChange={(e) => isTokenScope(e.target.value) && setScope(e.target.value)}
              >
                {TOKEN_SCOPES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`tokens.scopes.${choice}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("tokens.expiry")}>
            {(props) => (
              <Select
                {...props}
                name="expiry"
                value={expiry}
                onChange={(e) => isTokenExpiryChoice(e.target.value) && setExpiry(e.target.value)}
              >
                {TOKEN_EXPIRY_CHOICES.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.days === null
                      ? t("tokens.expiryNever")
                      : t("tokens.expiryDays", { count: choice.days })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {create.error && <Alert tone="danger">{create.error.message}</Alert>}
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={() => onOpenChange(false)}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={create.isPending}>
              {t("tokens.create")}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
