import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { SecretSealer } from "../domain/secrets.ts";

/** SHA-256 as lowercase hex: how session ids and API tokens are stored (the raw values never are). */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A new session id: 32 random bytes, hex. */
export function newSessionId(): string {
  return randomBytes(32).toString("hex");
}

/** Marks personal API tokens, so a leaked one is recognisable (and secret scanners can match it). */
export const API_TOKEN_PREFIX = "rpd_";

/** A new personal API token: the marker and 32 random bytes, base64url. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/**
 * Encrypts what is kept at rest (users' Twitch tokens) with AES-256-GCM. The key is derived from
 * SESSION_SECRET with HKDF-SHA256 for this one purpose, so the database alone reveals nothing, and a
 * different secret cannot decrypt (the GCM tag fails). Each value may be bound to a context (the session
 * it belongs to), so a ciphertext copied into another row does not decrypt either.
 */
export class TokenCipher {
  readonly #key: Buffer;

  constructor(sessionSecret: string) {
    this.#key = Buffer.from(
      hkdfSync("sha256", sessionSecret, Buffer.alloc(0), "replayd/session-tokens/v1", 32),
    );
  }

  /** `v1.` + base64url(nonce ‖ ciphertext ‖ tag). */
  encrypt(plaintext: string, context = ""): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, nonce);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${VERSION}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64url")}`;
  }

  /** @throws DecryptionError when the value was made with another key or context, or was altered. */
  decrypt(stored: string, context = ""): string {
    const [version, payload] = stored.split(".", 2);
    if (version !== VERSION || !payload) throw new DecryptionError("unknown encrypted value format");
    const raw = Buffer.from(payload, "base64url");
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError("encrypted value is truncated");
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    } catch {
      throw new DecryptionError("cannot decrypt: another SESSION_SECRET, or the value was altered");
    }
  }
}

/** A SecretSealer over the token key, each kind of secret under its own context (a value cannot be moved). */
export function secretSealer(cipher: TokenCipher, context: string): SecretSealer {
  return {
    seal: (value) => cipher.encrypt(value, context),
    open: (stored) => (stored.startsWith(`${VERSION}.`) ? cipher.decrypt(stored, context) : stored),
    isSealed: (stored) => stored.startsWith(`${VERSION}.`),
  };
}
