import { createFileRoute } from "@tanstack/react-router";

export const Route = createFileRoute("/_app/watch/$videoId")({
  component: () => null,
});
