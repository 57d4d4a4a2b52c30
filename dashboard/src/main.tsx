import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppProvider } from "@/app/provider";
import { createAppRouter } from "@/app/router";
import { sessionQueryOptions } from "@/features/auth/session";
import { createQueryClient } from "@/lib/query-client";
import "./styles.css";

const rootElement = document.getElementById("root");
if (!rootElement) throw new Error("index.html must contain a #root element");

// The session ended under us (expired, revoked, signed out elsewhere): forget it and go to sign-in.
const queryClient = createQueryClient(() => {
  queryClient.setQueryData(sessionQueryOptions.queryKey, null);
  void router.navigate({ to: "/login" });
});
const router = createAppRouter(queryClient);

createRoot(rootElement).render(
  <StrictMode>
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  </StrictMode>,
);
