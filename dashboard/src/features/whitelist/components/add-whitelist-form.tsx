import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";
import { checkTwitchId } from "../twitch-id";

/** Adds a Twitch user id; checked here first so a login typed by mistake is caught before the server. */
export function AddWhitelistForm() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [raw, setRaw] = useState("");
  const [touched, setTouched] = useState(false);
  const add = useMutation(
    trpc.system.addWhitelist.mutationOptions({
      onSuccess: () => {
        setRaw("");
        setTouched(false);
        void queryClient.invalidateQueries(trpc.system.listWhitelist.queryFilter());
      },
    }),
  );
  const checked = checkTwitchId(raw);
  const error = touched && !checked.ok ? t(`whitelist.errors.${checked.error}`) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (checked.ok) add.mutate({ twitch_user_id: checked.value });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4"
      data-testid="whitelist-add-form"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <Field label={t("whitelist.twitchId")} error={error} hint={t("whitelist.twitchIdHint")}>
            {(props) => (
              <Input
                {...props}
                name="twitch_user_id"
                inputMode="numeric"
                autoComplete="off"
                value={raw}
                onChange={(e) => {
                  setRaw(e.target.value);
                  add.reset();
                }}
                onBlur={() => raw !== "" && setTouched(true)}
              />
            )}
          </Field>
        </div>
        <Button type="submit" variant="primary" size="md" className="sm:mt-7" disabled={add.isPending}>
          {t("whitelist.add")}
        </Button>
      </div>
      {add.error && <Alert tone="danger">{add.error.message}</Alert>}
      {add.isSuccess && (
        <p role="status" className="text-sm text-success">
          {t("whitelist.added", { id: add.variables.twitch_user_id })}
        </p>
      )}
    </form>
  );
}
