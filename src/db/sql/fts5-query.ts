/**
 * Turns a web-search style query (what Postgres's `websearch_to_tsquery` accepts: words, "quoted
 * phrases", `or`, `-excluded`) into an FTS5 MATCH expression with the same meaning. Returns null when
 * nothing is left to search for (FTS5 cannot express a query made only of exclusions).
 */
export function toFts5Query(input: string): string | null {
  const groups: { include: string[]; exclude: string[] }[] = [{ include: [], exclude: [] }];
  for (const token of tokenize(input)) {
    const group = groups.at(-1) as { include: string[]; exclude: string[] };
    if (token.kind === "or") {
      if (group.include.length || group.exclude.length) groups.push({ include: [], exclude: [] });
      continue;
    }
    (token.negated ? group.exclude : group.include).push(quote(token.text));
  }
  const clauses = groups
    .filter((g) => g.include.length > 0)
    .map((g) => [g.include.join(" AND "), ...g.exclude.map((e) => `NOT ${e}`)].join(" "));
  if (clauses.length === 0) return null;
  return clauses.length === 1 ? (clauses[0] as string) : clauses.map((c) => `(${c})`).join(" OR ");
}

type Token = { kind: "term"; text: string; negated: boolean } | { kind: "or" };

function* tokenize(input: string): Generator<Token> {
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of input.matchAll(pattern)) {
    const [, minus, phrase, word] = match;
    if (phrase !== undefined) {
      if (searchable(phrase)) yield { kind: "term", text: phrase, negated: minus === "-" };
      continue;
    }
    const raw = word as string;
    if (raw.toLowerCase() === "or") {
      yield { kind: "or" };
      continue;
    }
    const negated = raw.startsWith("-") && raw.length > 1;
    const text = negated ? raw.slice(1) : raw;
    if (searchable(text)) yield { kind: "term", text, negated };
  }
}

/** A term FTS5 can tokenize into at least one word. */
function searchable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** An FTS5 string: the tokenizer splits it into words that must appear in order (a phrase). */
function quote(text: string): string {
  return `"${text.trim().replaceAll('"', '""')}"`;
}
