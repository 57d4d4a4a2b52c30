import { useEffect, useLayoutEffect, useRef, useState } from "react";

/** Within this many pixels of the bottom, the list follows new lines. */
const STICK_PX = 40;

/**
 * Following the newest line: the list scrolls to the bottom as lines come, until the viewer scrolls up;
 * then what it shows holds still (lines keep coming underneath) until "Jump to latest", a seek, or a
 * scroll back down.
 */
export function useFollowLatest<T>(items: T[], seconds: number) {
  const list = useRef<HTMLOListElement>(null);
  const [following, setFollowing] = useState(true);
  const [held, setHeld] = useState<T[]>([]);
  const shown = following ? items : held;

  // Where the list was put at the bottom last: a scrollTop above it is the viewer scrolling up, which
  // `onScroll` is about to hear of, so a render in between does not pull the list back down.
  const pinned = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = list.current;
    if (!following || !el) return;
    const bottom = el.scrollHeight - el.clientHeight;
    if (pinned.current !== null && el.scrollTop < Math.min(pinned.current, bottom) - 2) return;
    el.scrollTop = el.scrollHeight;
    pinned.current = el.scrollTop;
  });
  const jump = () => {
    pinned.current = null;
    setFollowing(true);
  };

  // A seek (a jump back, or forward more than a few seconds) shows the new moment.
  const previous = useRef(seconds);
  useEffect(() => {
    const jumped = seconds < previous.current - 1 || seconds > previous.current + 5;
    previous.current = seconds;
    if (jumped) {
      pinned.current = null;
      setFollowing(true);
    }
  }, [seconds]);

  return {
    list,
    shown,
    following,
    onScroll: () => {
      const el = list.current;
      if (!el) return;
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX;
      if (atBottom === following) return;
      if (atBottom) jump();
      else {
        setHeld(items);
        setFollowing(false);
      }
    },
    jump,
  };
}
