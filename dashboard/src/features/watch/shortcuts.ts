// Player keyboard shortcuts, as a pure key → action map (the component applies the action).

export type PlayerAction =
  | { type: "toggle-play" }
  | { type: "seek-by"; seconds: number }
  | { type: "seek-to-fraction"; fraction: number }
  | { type: "toggle-mute" }
  | { type: "toggle-fullscreen" };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export function shortcutAction(event: KeyInput): PlayerAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case " ":
    case "k":
      return { type: "toggle-play" };
    case "ArrowLeft":
    case "j":
      return { type: "seek-by", seconds: -10 };
    case "ArrowRight":
    case "l":
      return { type: "seek-by", seconds: 10 };
    case "PageDown":
      return { type: "seek-by", seconds: -60 };
    case "PageUp":
      return { type: "seek-by", seconds: 60 };
    case "Home":
      return { type: "seek-to-fraction", fraction: 0 };
    case "End":
      return { type: "seek-to-fraction", fraction: 1 };
    case "m":
      return { type: "toggle-mute" };
    case "f":
      return { type: "toggle-fullscreen" };
    default:
      // 0–9 jump to 0 %–90 %, as on most video sites.
      return /^[0-9]$/.test(event.key)
        ? { type: "seek-to-fraction", fraction: Number(event.key) / 10 }
        : null;
  }
}
