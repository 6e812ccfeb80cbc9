// Links and invites in the outbox are sealed (docs/decisions/0015); the cipher is shared plumbing.
import { sealer, type Sealer } from "#app/lib/sealing.server.ts";

export type { Sealer };

export function outboxSealer(secret: string): Sealer {
  return sealer(secret, "shuxiang outbox sealing v1");
}
