import { useState } from "react";

/**
 * An on/off state that shows the new value at once and goes back if saving fails: `save` gets the new
 * value and the rollback to call on error (a mutation's `onError`).
 */
export function useOptimisticToggle(
  initial: boolean,
  save: (on: boolean, rollback: () => void) => void,
): [on: boolean, toggle: () => void] {
  const [on, setOn] = useState(initial);
  const toggle = () => {
    const next = !on;
    setOn(next);
    save(next, () => setOn(!next));
  };
  return [on, toggle];
}
