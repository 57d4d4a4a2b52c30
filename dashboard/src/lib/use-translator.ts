import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Translator } from "./server-labels";

/** The active language's `t` and `exists`, for the labels of server codes (`server-labels.ts`). */
export function useTranslator(): Translator {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      // Keys made from server codes are checked by `exists` (and by a test), not by t's key types.
      t: (key, values) => String(t(key as never, values as never)),
      exists: (key) => i18n.exists(key),
    }),
    [t, i18n],
  );
}
