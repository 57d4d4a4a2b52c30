// An event-log entry's sentence in the reader's language. The server stores an English `message` (for
// notifications, its own log and full-text search) and, in `data`, the values that sentence names; the
// dashboard says the same thing from the entry's domain, type and data through `logs.messages.*` keys.
// An entry this build cannot word (a type it does not know, an old row without a value its words need)
// reads as the server wrote it, in English. In English, every sentence here is the server's, to the letter
// (event-message.test.ts holds the server's messages next to their data).

import type { Translator } from "@/lib/server-labels";
import { own, Unworded, Wording } from "./event-wording";
import { DOMAINS } from "./event-words";

/** What this needs of an event-log entry (the `system.eventLogs` rows). */
export interface LoggedEntry {
  domain: string;
  event_type: string;
  message: string;
  data: Record<string, unknown> | null;
}

/**
 * The sentence to show, and the language it is in (for the `lang` attribute). `english`: the server's own
 * words quoted in it as they came (an error's text, a check's), which are English whatever the page's.
 */
export interface EventMessage {
  text: string;
  lang: string;
  english: string[];
}

/** A piece of a message in one language, for a `lang` attribute on each. */
export interface MessagePiece {
  text: string;
  lang: string;
}

/**
 * The entry's sentence in `language` (the page's), or the server's English one when this build has no
 * words for it or the entry lacks a value they need.
 */
export function eventMessage(entry: LoggedEntry, tr: Translator, language: string): EventMessage {
  const domain = own(DOMAINS, entry.domain);
  const words = domain && own(domain, entry.event_type);
  if (words) {
    try {
      const wording = new Wording(tr, language, entry.data);
      const text = words(wording);
      return { text, lang: language, english: language === "en" ? [] : wording.quoted };
    } catch (err) {
      if (!(err instanceof Unworded)) throw err;
    }
  }
  return { text: entry.message, lang: "en", english: [] };
}

/**
 * The message in pieces by language: the server's quoted words apart (English), the rest in the message's
 * language. One piece when nothing is quoted.
 */
export function messagePieces(message: EventMessage): MessagePiece[] {
  const quotes = message.english
    .map((text) => ({ text, at: message.text.indexOf(text) }))
    .filter((quote) => quote.text && quote.at >= 0)
    .sort((a, b) => a.at - b.at);
  const pieces: MessagePiece[] = [];
  let from = 0;
  for (const quote of quotes) {
    if (quote.at < from) continue;
    if (quote.at > from) pieces.push({ text: message.text.slice(from, quote.at), lang: message.lang });
    pieces.push({ text: quote.text, lang: "en" });
    from = quote.at + quote.text.length;
  }
  if (from < message.text.length || pieces.length === 0)
    pieces.push({ text: message.text.slice(from), lang: message.lang });
  return pieces;
}
