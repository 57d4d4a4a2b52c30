import { useNavigate } from "@tanstack/react-router";
import { type KeyboardEvent, useRef, useState } from "react";
import { moveActive, type SearchOption } from "./results";
import { useGlobalSearch } from "./use-global-search";
import { useSearchShortcut } from "./use-search-shortcut";

/**
 * The search field's state and keyboard: the text, whether results show, whether the field is opened over
 * the bar (phones), the highlighted option; ↑/↓ move, Enter opens, Escape closes then clears.
 */
export function useSearchBox() {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useGlobalSearch(text);
  const options = search.groups.flatMap((g) => g.options);
  const current = options[active] ?? null;

  const expand = () => {
    setExpanded(true);
    requestAnimationFrame(() => input.current?.focus());
  };
  useSearchShortcut(expand);
  const close = () => {
    setOpen(false);
    setExpanded(false);
    input.current?.blur();
  };
  const clear = () => {
    setText("");
    close();
  };
  const choose = (option: SearchOption) => {
    clear();
    void navigate(option.target);
  };
  const type = (value: string) => {
    setText(value);
    setOpen(true);
    // New text: nothing highlighted until an arrow key is pressed (Enter still opens the first).
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      setActive(moveActive(active, event.key === "ArrowDown" ? 1 : -1, options.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const option = current ?? options[0];
      if (option) choose(option);
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (open && text) setOpen(false);
      else clear();
    }
  };

  return {
    ...search,
    input,
    text,
    open,
    expanded,
    current,
    options,
    expand,
    clear,
    choose,
    type,
    onKeyDown,
    onFocus: () => setOpen(true),
    /** Focus left the search (not to one of its own buttons): results and the phone field close. */
    onLeave: () => {
      setOpen(false);
      setExpanded(false);
    },
  };
}
