// Sealing what must not rest in clear text in the database: AES-256-GCM under a key derived from
// the server secret with HKDF, so a copy of the database (a backup, a dump, a replica) holds no
// working secret; only a process that has the server secret opens it. Each use names its purpose,
// which derives a key of its own (docs/decisions/0015, 0020).
import crypto from "node:crypto";

const PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  seal(plain: string): string;
  /** Opens a sealed value; anything else is returned as it is (written before sealing began). */
  open(value: string): string;
}

export function sealer(secret: string, purpose: string): Sealer {
  // The server secret also keys sessions and tokens: a purpose label keeps every key apart.
  const key = Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), purpose, 32));
  return {
    seal(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open(value) {
      if (!value.startsWith(PREFIX)) return value;
      const raw = Buffer.from(value.slice(PREFIX.length), "base64url");
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    },
  };
}
