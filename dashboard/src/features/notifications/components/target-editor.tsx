import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { TARGET_KINDS, type TargetKind, type TargetView } from "../target-form";
import { useTargetForm } from "../use-target-form";
import { ChannelsField, EventsField } from "./audience-fields";
import { KindFields } from "./kind-fields";
import { TemplateEditor } from "./template-editor";

/** A new target, or a saved one, with its service's settings, events, channels and messages. */
export function TargetEditor({ target, onClose }: { target: TargetView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { form, errors, change, setKind, setValue, submit, save } = useTargetForm(target, onClose);
  const title = target
    ? t("notifications.form.editTitle", { name: target.name })
    : t("notifications.form.newTitle");
  return (
    <Card aria-labelledby="target-editor-title" data-testid="target-editor">
      <CardHeader id="target-editor-title" title={title} />
      <form
        className="flex flex-col gap-5 p-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Field
          label={t("notifications.form.name")}
          error={errors.name ? t(`notifications.form.errors.${errors.name}`, { min: 0, max: 0 }) : undefined}
        >
          {(props) => (
            <Input
              {...props}
              value={form.name}
              placeholder={t("notifications.form.namePlaceholder")}
              onChange={(e) => change({ name: e.target.value })}
              data-testid="target-name"
            />
          )}
        </Field>
        <Field
          label={t("notifications.form.kind")}
          hint={target ? t("notifications.form.kindFixed") : undefined}
        >
          {(props) => (
            <Select
              {...props}
              value={form.kind}
              disabled={target !== null}
              onChange={(e) => setKind(e.target.value as TargetKind)}
              data-testid="target-kind"
            >
              {TARGET_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`notifications.kinds.${kind}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <KindFields
          form={form}
          errors={errors}
          onValue={setValue}
          onRemove={(key, remove) => change({ remove: { ...form.remove, [key]: remove } })}
        />
        <Switch
          label={t("notifications.form.enabled")}
          hint={t("notifications.form.enabledHint")}
          checked={form.enabled}
          onCheckedChange={(enabled) => change({ enabled })}
        />
        <EventsField value={form.events} onChange={(events) => change({ events })} />
        <ChannelsField
          value={form.broadcasterIds}
          onChange={(broadcasterIds) => change({ broadcasterIds })}
        />
        <TemplateEditor
          templates={form.templates}
          events={form.events}
          onChange={(templates) => change({ templates })}
        />
        {save.error && <Alert tone="danger">{save.error.message}</Alert>}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>{t("notifications.form.cancel")}</Button>
          <Button type="submit" variant="primary" disabled={save.isPending} data-testid="target-save">
            {target ? t("notifications.form.save") : t("notifications.form.create")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
