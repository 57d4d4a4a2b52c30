/**
 * Errors every layer understands. The repository and the services throw them; the API maps them to status
 * codes in one place (NOT_FOUND, CONFLICT, BAD_REQUEST, PRECONDITION_FAILED).
 */

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** The write would break a rule the data keeps, e.g. a second open recording for one channel. */
export class ConflictError extends Error {
  override name = "ConflictError";
}

/** Input that type-checks but makes no sense, e.g. a cursor made for another sort. */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
}

/** Valid, but the server's setup does not allow it now (e.g. an EventSub action in poll mode); says what to change. */
export class PreconditionError extends Error {
  override name = "PreconditionError";
}
