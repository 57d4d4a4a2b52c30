import { expect, test } from "bun:test";
import { type KeyInput, type PlayerAction, shortcutAction } from "./shortcuts";

test.each<[KeyInput, PlayerAction | null]>([
  [{ key: " " }, { type: "toggle-play" }],
  [{ key: "k" }, { type: "toggle-play" }],
  [{ key: "ArrowLeft" }, { type: "seek-by", seconds: -10 }],
  [{ key: "ArrowRight" }, { type: "seek-by", seconds: 10 }],
  [{ key: "PageUp" }, { type: "seek-by", seconds: 60 }],
  [{ key: "PageDown" }, { type: "seek-by", seconds: -60 }],
  [{ key: "Home" }, { type: "seek-to-fraction", fraction: 0 }],
  [{ key: "End" }, { type: "seek-to-fraction", fraction: 1 }],
  [{ key: "5" }, { type: "seek-to-fraction", fraction: 0.5 }],
  [{ key: "m" }, { type: "toggle-mute" }],
  [{ key: "f" }, { type: "toggle-fullscreen" }],
  [{ key: "ArrowLeft", ctrlKey: true }, null],
  [{ key: "r", metaKey: true }, null],
  [{ key: "x" }, null],
])("%j → %j", (input, expected) => {
  expect(shortcutAction(input)).toEqual(expected);
});
