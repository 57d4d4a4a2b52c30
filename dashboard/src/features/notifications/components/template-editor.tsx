import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, inputClasses, Select } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { NOTIFICATION_EVENTS, type NotificationEvent, type TargetForm, type Template } from "../target-form";

/**
 * Each event's message: the default until changed, the variables to insert, and a live preview rendered by
 * the server with made-up values (its error names an unknown variable).
 */
export function TemplateEditor({
  templates,
  events,
  onChange,
}: {
  templates: TargetForm["templates"];
  events: NotificationEvent[];
  onChange: (templates: TargetForm["templates"]) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const guide = useQuery(trpc.notification.templates.queryOptions());
  const [event, setEvent] = useState<NotificationEvent>(events[0] ?? "went_live");
  const [focus, setFocus] = useState<"title" | "body">("body");
  const body = useRef<HTMLTextAreaElement>(null);
  const fallback = guide.data?.defaults[event];
  const current: Template | undefined = templates[event] ?? fallback;
  const debounced = useDebouncedValue(current, 300);
  const preview = useQuery({
    ...trpc.notification.preview.queryOptions({ event, ...(debounced ? { template: debounced } : {}) }),
    enabled: debounced !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const set = (patch: Partial<Template>) => {
    if (!current) return;
    onChange({ ...templates, [event]: { ...current, ...patch } });
  };
  const insert = (variable: string) => {
    if (!current) return;
    const token = `{${variable}}`;
    if (focus === "title") return set({ title: `${current.title}${token}` });
    const el = body.current;
    const at = el?.selectionStart ?? current.body.length;
    set({ body: `${current.body.slice(0, at)}${token}${current.body.slice(el?.selectionEnd ?? at)}` });
  };
  const reset = () => {
    const { [event]: _, ...rest } = templates;
    onChange(rest);
  };

  return (
    <fieldset className="flex flex-col gap-3" data-testid="template-editor">
      <legend className="text-sm font-medium text-fg">{t("notifications.templates.title")}</legend>
      <p className="text-xs text-fg-muted">{t("notifications.templates.hint")}</p>
      <Field label={t("notifications.templates.event")}>
        {(props) => (
          <Select {...props} value={event} onChange={(e) => setEvent(e.target.value as NotificationEvent)}>
            {NOTIFICATION_EVENTS.map((e) => (
              <option key={e} value={e}>
                {t(`notifications.events.${e}`)}
                {templates[e] ? ` (${t("notifications.templates.custom")})` : ""}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("notifications.templates.messageTitle")}>
        {(props) => (
          <Input
            {...props}
            value={current?.title ?? ""}
            onFocus={() => setFocus("title")}
            onChange={(e) => set({ title: e.target.value })}
            data-testid="template-title"
          />
        )}
      </Field>
      <Field label={t("notifications.templates.body")}>
        {(props) => (
          <textarea
            {...props}
            ref={body}
            rows={4}
            className={cn(inputClasses, "h-auto py-2")}
            value={current?.body ?? ""}
            onFocus={() => setFocus("body")}
            onChange={(e) => set({ body: e.target.value })}
            data-testid="template-body"
          />
        )}
      </Field>
      <div>
        <p className="mb-1 text-xs font-medium text-fg">{t("notifications.templates.variables")}</p>
        <div className="flex flex-wrap gap-1.5">
          {(guide.data?.variables ?? []).map((variable) => (
            <Button
              key={variable}
              variant="ghost"
              className="h-7 px-2 font-mono text-xs"
              aria-label={t("notifications.templates.insert", { variable: `{${variable}}` })}
              onClick={() => insert(variable)}
            >
              {`{${variable}}`}
            </Button>
          ))}
        </div>
      </div>
      <div aria-live="polite" data-testid="template-preview">
        <p className="text-xs font-medium text-fg">
          {t("notifications.templates.preview")}{" "}
          <span className="font-normal text-fg-muted">{t("notifications.templates.previewHint")}</span>
        </p>
        {preview.isError ? (
          <Alert tone="warning">{preview.error.message}</Alert>
        ) : (
          preview.data && (
            <div className="mt-1 rounded-md border border-line bg-surface-muted p-3 text-sm">
              <p className="font-semibold text-fg">{preview.data.title}</p>
              <p className="whitespace-pre-line text-fg-muted">{preview.data.body}</p>
            </div>
          )
        )}
      </div>
      {templates[event] && (
        <div className="flex items-center justify-between gap-2">
          <Badge tone="brand">{t("notifications.templates.custom")}</Badge>
          <Button onClick={reset}>{t("notifications.templates.useDefault")}</Button>
        </div>
      )}
    </fieldset>
  );
}
