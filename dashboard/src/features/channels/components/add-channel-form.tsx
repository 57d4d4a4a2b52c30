import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { PlusIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";
import { checkLogin } from "../login";

/** The server's refusals the form explains in the reader's language (anything else shows its message). */
const KNOWN_REFUSALS = { NOT_FOUND: "unknown", CONFLICT: "exists" } as const;

/**
 * The owner adds a channel nobody here follows, by its Twitch login (`channel.addByLogin`): checked here
 * first, then Twitch is asked; an unknown login or one already added is said so under the field.
 */
export function AddChannelForm() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [raw, setRaw] = useState("");
  const [touched, setTouched] = useState(false);
  const add = useMutation(
    trpc.channel.addByLogin.mutationOptions({
      onSuccess: () => {
        setRaw("");
        setTouched(false);
        void queryClient.invalidateQueries(trpc.channel.pathFilter());
      },
    }),
  );
  const checked = checkLogin(raw);
  const sent = add.variables?.login ?? "";
  const code = add.error?.data?.code as keyof typeof KNOWN_REFUSALS | undefined;
  const refusal = code && code in KNOWN_REFUSALS ? KNOWN_REFUSALS[code] : null;
  const error =
    touched && !checked.ok
      ? t(`channels.add.errors.${checked.error}`)
      : add.error
        ? refusal
          ? t(`channels.add.errors.${refusal}`, { login: sent })
          : add.error.message
        : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (checked.ok) add.mutate({ login: checked.login });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="mb-6 flex flex-col gap-2 rounded-xl border border-line bg-surface p-4"
      data-testid="add-channel-form"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <Field label={t("channels.add.label")} error={error} hint={t("channels.add.hint")}>
            {(props) => (
              <Input
                {...props}
                name="login"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                placeholder={t("channels.add.placeholder")}
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
          <PlusIcon className="size-4" />
          {add.isPending ? t("channels.add.adding") : t("channels.add.submit")}
        </Button>
      </div>
      {add.isSuccess && add.data && (
        <p role="status" className="text-sm text-success">
          {t("channels.add.added", { name: add.data.broadcaster_name })}{" "}
          <Link
            to="/channels/$channelId"
            params={{ channelId: add.data.broadcaster_id }}
            className="text-brand-600 hover:underline"
          >
            {t("channels.add.open")}
          </Link>
        </p>
      )}
    </form>
  );
}
