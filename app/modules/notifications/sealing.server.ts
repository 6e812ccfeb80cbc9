// Sealing what must not rest in clear text in the outbox (docs/decisions/0015): AES-256-GCM under
// a key derived from the server secret with HKDF, so a copy of the database (a backup, a dump, a
// replica) holds no working link; only a process that has the secret — the delivery worker — opens it.
import crypto from "node:crypto";

const PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  seal(plain: string): string;
  /** Opens a sealed value; anything else is returned as it is (written before sealing began). */
  open(value: string): string;
}

export function outboxSealer(secret: string): Sealer {
  // A key of its own: the secret also keys sessions and tokens, and a purpose label keeps them apart.
  const key = Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), "shuxiang outbox sealing v1", 32));
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
