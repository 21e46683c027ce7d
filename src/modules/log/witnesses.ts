import { desc, eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { witnessedHeads } from '../../db/schema.js';
import { invalid } from '../../lib/domain-error.js';
import { protectedHeader, type SignedJws } from '../../lib/general-jws.js';
import { nowIso } from '../../lib/ids.js';
import type { Keyring } from '../signing/key-history.js';
import type { PublicKey } from '../signing/signing-key.js';
import { readTreeHead, type TreeHead } from './heads.js';
import { logSize, rootAt } from './repository.js';

/**
 * Witnesses: independent keys that co-sign the server's tree heads after checking each extends
 * the last they signed (`undersigned witness`). The server keeps the signatures of the witnesses
 * it is configured with, so that anyone can fetch a head several parties vouch for, and a
 * verifier can ask for a threshold of keys they pinned (`monitor --threshold 2`).
 */

export interface WitnessedHead {
  head: TreeHead;
  signed: SignedJws;
  /** The witnesses' kids among the signatures. */
  witnesses: string[];
}

const kidOf = (s: { protected: string }) => {
  const header = protectedHeader(s.protected);
  return header && typeof header === 'object' && 'kid' in header && typeof header.kid === 'string' ? header.kid : null;
};

/** Checks a co-signed head and keeps its valid signatures, adding them to those already kept for it. */
export async function acceptCosignatures(
  db: Conn,
  keyring: Keyring,
  witnesses: readonly PublicKey[],
  input: SignedJws,
): Promise<() => WitnessedHead> {
  const server = await readTreeHead(input, keyring.keys);
  if (!server.valid)
    throw invalid('invalid-cosignature', `Not a head this server signed: ${server.detail}.`, [
      { field: 'signatures', detail: "must include this server's signature of the head" },
    ]);
  const cosigned = await readTreeHead(input, witnesses);
  if (!cosigned.valid)
    throw invalid('invalid-cosignature', `No configured witness signed this head: ${cosigned.detail}.`, [
      { field: 'signatures', detail: 'must include a signature of a witness this server is configured with' },
    ]);
  const { head } = server;
  return () => {
    if (head.size > logSize(db) || rootAt(db, head.size) !== head.root)
      throw invalid('invalid-cosignature', "The head is not one of this log's.", [
        { field: 'payload', detail: 'names a size and root this log never had' },
      ]);
    const accepted = new Set([...server.signedBy, ...cosigned.signedBy]);
    const kept =
      db.select().from(witnessedHeads).where(eq(witnessedHeads.payload, input.payload)).get()?.signatures ?? [];
    const signatures = [...kept];
    for (const s of input.signatures) {
      const kid = kidOf(s);
      if (kid !== null && accepted.has(kid) && !signatures.some((k) => kidOf(k) === kid)) signatures.push(s);
    }
    const row = { payload: input.payload, size: head.size, signatures, updatedAt: nowIso() };
    db.insert(witnessedHeads)
      .values(row)
      .onConflictDoUpdate({ target: witnessedHeads.payload, set: { signatures, updatedAt: row.updatedAt } })
      .run();
    const witnessKids = new Set(witnesses.map((w) => w.kid));
    return {
      head,
      signed: { payload: input.payload, signatures },
      witnesses: signatures.flatMap((s) => kidOf(s) ?? []).filter((k) => witnessKids.has(k)),
    };
  };
}

/** The witnessed head of the largest size, as kept. */
export function latestWitnessedHead(db: Conn, witnesses: readonly PublicKey[]): Omit<WitnessedHead, 'head'> | null {
  const row = db
    .select()
    .from(witnessedHeads)
    .orderBy(desc(witnessedHeads.size), desc(witnessedHeads.updatedAt))
    .limit(1)
    .get();
  if (!row) return null;
  const witnessKids = new Set(witnesses.map((w) => w.kid));
  return {
    signed: { payload: row.payload, signatures: row.signatures },
    witnesses: row.signatures.flatMap((s) => kidOf(s) ?? []).filter((k) => witnessKids.has(k)),
  };
}
