import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type SupportedLanguage, setLanguage } from "@/lib/i18n";
import { useTRPC } from "@/lib/trpc";

/**
 * Switches the UI language at once (i18next, remembered in this browser) and saves it to the account, so
 * the choice follows the user. The switch does not wait for the server.
 */
export function useSaveLanguage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.settings.get.queryKey(), saved),
    }),
  );
  return {
    save: (language: SupportedLanguage) => {
      setLanguage(language);
      // The cached settings say so at once: the session gate re-applies them on every navigation.
      queryClient.setQueryData(trpc.settings.get.queryKey(), (old) => (old ? { ...old, language } : old));
      update.mutate({ language });
    },
    error: update.error,
  };
}
