import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { DateStyle } from "./date-style";
import { useTRPC } from "./trpc";

/**
 * The signed-in user's date style: the UI language with the time zone and date format saved to their
 * account (`settings.get`, loaded before the first page by the session gate, updated when Settings saves).
 * Only for pages behind sign-in.
 */
export function useDateStyle(): DateStyle {
  const { i18n } = useTranslation();
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.settings.get.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const timeZone = data?.timezone ?? null;
  const format = data?.datetime_format ?? null;
  return useMemo(() => ({ locale: i18n.language, timeZone, format }), [i18n.language, timeZone, format]);
}
