/**
 * The part of IGDB's query language (Apicalypse) the simulator answers: `fields a,b.c;` (or `*`),
 * `where id = (1,2,3);` (or one id), `limit n;`, `offset n;`. Anything else is refused as IGDB refuses a
 * query it cannot read: a 400 whose cause says what was expected.
 */
export interface GamesQuery {
  /** Field paths as written (`genres.name`), or null for `*`. */
  fields: string[] | null;
  /** The ids asked for, or null without a where clause. */
  ids: number[] | null;
  limit: number;
  offset: number;
}

export class ApicalypseError extends Error {
  override name = "ApicalypseError";
}

/** IGDB's own bounds: 10 results unless a limit says otherwise, at most 500. */
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 500;

export function parseGamesQuery(body: string): GamesQuery {
  const query: GamesQuery = { fields: [], ids: null, limit: DEFAULT_LIMIT, offset: 0 };
  const statements = body
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
  if (body.trim() !== "" && !body.trim().endsWith(";")) {
    throw new ApicalypseError(`missing ';' at the end of "${statements.at(-1)}"`);
  }
  for (const statement of statements) {
    const [keyword = "", ...rest] = statement.split(/\s+/);
    const argument = rest.join(" ");
    switch (keyword.toLowerCase()) {
      case "fields":
      case "f":
        query.fields = fieldList(argument);
        break;
      case "where":
      case "w":
        query.ids = idCondition(argument);
        break;
      case "limit":
      case "l":
        query.limit = count(argument, "limit", 1, MAX_LIMIT);
        break;
      case "offset":
      case "o":
        query.offset = count(argument, "offset", 0, Number.MAX_SAFE_INTEGER);
        break;
      default:
        throw new ApicalypseError(
          `unknown statement "${keyword}": expecting fields, where, limit or offset (the simulator's subset)`,
        );
    }
  }
  if (query.fields !== null && query.fields.length === 0) query.fields = ["id"];
  return query;
}

function fieldList(text: string): string[] | null {
  if (text.trim() === "*") return null;
  const fields = text.split(",").map((f) => f.trim());
  const bad = fields.find((f) => !/^[a-z_]+(\.[a-z_]+)*$/.test(f));
  if (bad !== undefined) throw new ApicalypseError(`"${bad}" is not a field name`);
  return fields;
}

function idCondition(text: string): number[] {
  const match = /^id\s*=\s*(?:\(([^)]*)\)|(\d+))$/.exec(text.trim());
  if (!match) throw new ApicalypseError(`expecting "id = (1,2,3)" or "id = 1" after where, got "${text}"`);
  const list = match[1] ?? match[2] ?? "";
  const ids = list.split(",").map((s) => s.trim());
  const bad = ids.find((id) => !/^\d+$/.test(id));
  if (bad !== undefined) throw new ApicalypseError(`"${bad}" is not an id: ids are whole numbers`);
  return ids.map(Number);
}

function count(text: string, what: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new ApicalypseError(`${what} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
