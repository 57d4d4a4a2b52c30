// Reading an event-log entry's data and saying its values (numbers, sizes, durations) as the server does
// in English and as the reader's language does elsewhere; `Unworded` when a value is missing or of the
// wrong kind, so the caller falls back to the server's own sentence.

import type { Translator } from "@/lib/server-labels";

const KEY = "logs.messages";

/** A value the words need is not in the entry (or not of the expected kind), or there are no words for it. */
export class Unworded extends Error {}

/** Byte units as the server writes them (English) and as the dashboard says them elsewhere (French). */
const BYTE_UNITS: Record<string, readonly string[]> = {
  en: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"],
  fr: ["o", "Ko", "Mo", "Go", "To", "Po"],
};

const decimalMarks = new Map<string, string>();

/** The language's decimal mark ("," in French). */
function decimalMark(language: string): string {
  let mark = decimalMarks.get(language);
  if (mark === undefined) {
    mark = new Intl.NumberFormat(language).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
    decimalMarks.set(language, mark);
  }
  return mark;
}

/** Reads an entry's data and words it, refusing (Unworded) whatever it cannot say exactly. */
export class Wording {
  private readonly data: Record<string, unknown>;
  private readonly decimalMark: string;
  private readonly space: string;
  private readonly units: readonly string[];

  constructor(
    private readonly tr: Translator,
    readonly language: string,
    data: Record<string, unknown> | null,
    /** The server's words quoted as they came, shared with the children. */
    readonly quoted: string[] = [],
  ) {
    this.data = data ?? {};
    const base = language.toLowerCase().split("-")[0] ?? "en";
    const english = base === "en";
    this.decimalMark = english ? "." : decimalMark(language);
    // English is the server's text (a plain space); elsewhere a number keeps its unit on the same line.
    this.space = english ? " " : "\u00a0";
    this.units = BYTE_UNITS[base] ?? (BYTE_UNITS.en as readonly string[]);
  }

  has(key: string): boolean {
    return key in this.data;
  }

  str(key: string): string {
    const value = this.data[key];
    if (typeof value !== "string") throw new Unworded(key);
    return value;
  }

  /** The same words over another object (an item of a list in the data). */
  child(data: Record<string, unknown>): Wording {
    return new Wording(this.tr, this.language, data, this.quoted);
  }

  /** A string the server wrote in its own words (an error's text): English on any page. */
  quote(key: string): string {
    const text = this.str(key);
    if (text) this.quoted.push(text);
    return text;
  }

  /** A string, or null when the entry says null. */
  strOrNull(key: string): string | null {
    return this.data[key] === null ? null : this.str(key);
  }

  num(key: string): number {
    const value = this.data[key];
    if (typeof value !== "number" || !Number.isFinite(value)) throw new Unworded(key);
    return value;
  }

  /** A number, or null when the entry says null. */
  numOrNull(key: string): number | null {
    return this.data[key] === null ? null : this.num(key);
  }

  bool(key: string): boolean {
    const value = this.data[key];
    if (typeof value !== "boolean") throw new Unworded(key);
    return value;
  }

  list(key: string): Record<string, unknown>[] {
    const value = this.data[key];
    if (!Array.isArray(value) || !value.every((v) => v !== null && typeof v === "object"))
      throw new Unworded(key);
    return value as Record<string, unknown>[];
  }

  /** The words of `key` (under logs.messages) with `values`; Unworded if this language has none. */
  t(key: string, values: Record<string, unknown> = {}): string {
    const full = `${KEY}.${key}`;
    if (!this.tr.exists(full)) throw new Unworded(full);
    const text = this.tr.t(full, values);
    if (text.includes("{{")) throw new Unworded(full);
    return text;
  }

  /** The first of `keys` this language has words for. */
  tFirst(keys: string[], values: Record<string, unknown> = {}): string {
    const key = keys.find((k) => this.tr.exists(`${KEY}.${k}`));
    if (key === undefined) throw new Unworded(keys.join());
    return this.t(key, values);
  }

  /** A code the English sentence shows as is (a role, a quality) in the reader's words, if it has some. */
  word(group: string, code: string): string {
    const key = `${KEY}.words.${group}.${code}`;
    return this.tr.exists(key) ? this.tr.t(key) : code;
  }

  /** The channel as the server names it: its display name, else its login. */
  channel(): string {
    const name = this.has("broadcaster_name") ? this.str("broadcaster_name") : "";
    return name || this.str("broadcaster_login");
  }

  private decimal(text: string): string {
    return text.replace(".", this.decimalMark);
  }

  /** Seconds as the recording log says them: "30 s" under 90 s, else whole minutes ("60 min"). */
  seconds(seconds: number): string {
    return seconds >= 90
      ? `${Math.round(seconds / 60)}${this.space}min`
      : `${Math.round(seconds)}${this.space}s`;
  }

  /** A part's size, always in MiB with one decimal ("3072.0 MiB"). */
  mebibytes(bytes: number): string {
    return `${this.decimal((bytes / 1024 / 1024).toFixed(1))}${this.space}${this.units[2]}`;
  }

  /** Bytes as the server's formatBytes says them: one decimal at most, rounded down (a target: up). */
  bytes(bytes: number, round: "down" | "up" = "down"): string {
    if (bytes < 0) throw new Unworded("bytes");
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < this.units.length - 1) {
      value /= 1024;
      unit++;
    }
    const tenths = round === "down" ? Math.floor(value * 10 + 1e-9) : Math.ceil(value * 10 - 1e-9);
    const shown = unit === 0 ? (round === "down" ? Math.floor(value) : Math.ceil(value)) : tenths / 10;
    return `${this.decimal(String(shown))}${this.space}${this.units[unit]}`;
  }
}

export type Words = (w: Wording) => string;

/** `record[key]` when it is the record's own (never a prototype's: a domain named "constructor"). */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
