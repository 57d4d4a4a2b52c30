import { createFileRoute, notFound, Outlet } from "@tanstack/react-router";
import { SystemNotFound } from "@/features/auth/components/owner-only";
import { OWNER_ONLY } from "@/features/auth/owner-only";
import { roleAtLeast } from "@/features/auth/session";

/**
 * The owner's pages (`/system/*`). Anyone else gets an "owner only" page inside the layout, before any
 * owner-only query is sent; the server refuses those procedures to them anyway.
 */
export const Route = createFileRoute("/_app/system")({
  beforeLoad: ({ context }) => {
    if (!roleAtLeast(context.session.role, "owner")) throw notFound({ data: OWNER_ONLY });
  },
  component: Outlet,
  notFoundComponent: SystemNotFound,
});
