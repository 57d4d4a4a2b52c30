/** JSON values as stored in JSON columns (the same on SQLite text and Postgres jsonb). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
