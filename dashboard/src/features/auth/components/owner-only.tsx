import type { NotFoundRouteProps } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { NotAllowed } from "@/components/not-allowed";
import { NotFound } from "@/components/not-found";
import { isOwnerOnly } from "../owner-only";
import type { Role } from "../session";
import { useHasRole } from "../use-session";

/**
 * Renders its page only for users with the role (the owner by default); others get an in-layout "not
 * allowed" page. The server refuses their calls anyway: this only spares them a page of errors.
 */
export function RequireRole({ role = "owner", children }: { role?: Role; children: ReactNode }) {
  return useHasRole(role) ? children : <NotAllowed />;
}

/** For route loaders: whether the signed-in user (from the `_app` gate's context) may load owner data. */
export function isOwnerSession(session: { role: string } | null | undefined): boolean {
  return session?.role === "owner";
}

/**
 * Rendered inside the app layout for `/system/*` misses: "owner only" for someone else, a plain 404 for an
 * owner who mistyped the address.
 */
export function SystemNotFound({ data }: NotFoundRouteProps) {
  return isOwnerOnly(data) ? <NotAllowed /> : <NotFound />;
}
