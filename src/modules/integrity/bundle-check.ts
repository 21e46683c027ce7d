import { canonicalJson } from '../../lib/canonical-json.js';
import { z } from 'zod';
import { asStored } from '../../db/revisions.js';
import { hashEvent, hashRevision } from '../../lib/hash-chain.js';
import { recordLeafHash } from '../../lib/log-leaf.js';
import { verifyInclusion } from '../../lib/merkle.js';
import { sha256Of } from '../documents/repository.js';
import { disagreement, documentText } from '../documents/reread.js';
import { DomainError } from '../../lib/domain-error.js';
import { statementState } from '../statements/schemas.js';
import { byOrganization, onListAt, organizationTimeline, retractedIn, type ReplayItem } from '../timeline/replay.js';
import { organizationRef, signatoryEvent } from '../timeline/schemas.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_1, bundleSchema, type Bundle } from './bundle.js';
import { checkpointClaims, readCheckpoint, type CheckpointClaims } from './checkpoints.js';
import { readRotation, trustedKeys } from '../signing/key-history.js';
import { publicKey, SigningKeyError, type PublicKey } from '../signing/signing-key.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';

/**
 * Checks a bundle with nothing but the bundle and what the verifier trusts: key thumbprints they
 * pinned (followed through the bundle's signed key rotations), or a JWKS they kept. Everything it
 * reports as proven is covered by the checkpoint's signature or by a hash the signature covers.
 */

/** The first bundle format: its statement, organizations and claims were not signed. */
const bundleV1 = z.object({
  format: z.literal(BUNDLE_FORMAT_1),
  statement: statementState,
  // Events from before documents were kept carry no `document`.
  events: z.array(signatoryEvent.extend({ document: z.string().nullable().default(null) })),
  organizations: z.array(organizationRef),
  checkpoint: z.string(),
  claims: checkpointClaims,
});

export interface Trust {
  /** RFC 7638 thumbprints of keys the verifier pinned. */
  pinned?: string[];
  /** Keys the verifier kept (a saved JWKS); each kid must be its thumbprint. */
  keys?: unknown[];
}

export interface BundleCheck {
  valid: boolean;
  detail: string;
  statementId: string | null;
  length: number;
  head: string | null;
  /** The latest list, replayed from the bundle alone (organization ids by position). */
  latest: { position: number; organizationId: string }[];
  /** The parts of the bundle nothing proves. */
  informational: string[];
}

type Events = Bundle['events'];

function chainProblem(statementId: string, events: Events): string | null {
  let prev: string | null = null;
  for (const [i, event] of events.entries()) {
    const { hash, ...content } = event;
    if (event.seq !== i + 1 || event.statementId !== statementId)
      return `event ${i + 1}: out of sequence or of another statement`;
    if (event.prevHash !== prev) return `event ${event.seq}: prevHash does not match the previous event's hash`;
    if (hashEvent(content) !== hash) return `event ${event.seq}: its hash does not match its content`;
    prev = hash;
  }
  return null;
}

/** The keys the verifier trusts, from what they pinned or kept and the bundle's signed rotations. */
async function trusted(trust: Trust, bundleKeys: unknown[], bundleRotations: unknown[]): Promise<PublicKey[]> {
  const kept = await Promise.all((trust.keys ?? []).map((k, i) => publicKey(k, `key ${i + 1} of the JWKS`)));
  const known = await Promise.all(bundleKeys.map((k, i) => publicKey(k, `the bundle's key ${i + 1}`)));
  const rotations = await Promise.all(bundleRotations.map((r, i) => readRotation(r, `the bundle's rotation ${i + 1}`)));
  return trustedKeys([...(trust.pinned ?? []), ...kept.map((k) => k.kid)], rotations, [...kept, ...known]);
}

function proofProblem(bundle: Bundle, claims: CheckpointClaims): string | null {
  if (!claims.log || !claims.statement) return 'the checkpoint names no log or statement revision';
  const { size, root } = claims.log;
  const revision = bundle.statementRevision;
  const { hash, ...content } = revision;
  if (hashRevision(content) !== hash) return "the statement revision's hash does not match its content";
  if (
    revision.resourceId !== claims.statementId ||
    revision.revision !== claims.statement.revision ||
    hash !== claims.statement.hash
  ) {
    return `the statement revision is not the one the checkpoint names (revision ${claims.statement.revision})`;
  }
  if (canonicalJson(asStored(bundle.statement)) !== canonicalJson(revision.state))
    return 'the statement differs from its revision: it was edited';
  const included = (kind: string, number: number, recordHash: string, proof: { index: number; path: string[] }) =>
    verifyInclusion(
      recordLeafHash({ kind, subject: claims.statementId, number, hash: recordHash }),
      proof.index,
      size,
      proof.path,
      root,
    );
  if (!included('statement', revision.revision, hash, bundle.log.statementRevision))
    return "the statement revision's inclusion proof does not verify against the checkpoint's log";
  if (bundle.log.events.length !== bundle.events.length) return "the bundle does not prove every event's inclusion";
  for (const [i, event] of bundle.events.entries()) {
    const proof = bundle.log.events[i];
    if (!proof || proof.seq !== event.seq || !included('event', event.seq, event.hash, proof))
      return `event ${event.seq}: its inclusion proof does not verify against the checkpoint's log`;
  }
  return null;
}

/**
 * Each document an event names, read again: its bytes are the ones the event's hash names, and
 * they give the list the event recorded. Documents too large for the bundle are left unproven.
 */
async function documentsProblem(bundle: Bundle): Promise<{ problem: string | null; unproven: string[] }> {
  const carried = new Map(bundle.documents.map((d) => [d.sha256, d]));
  const unproven: string[] = [];
  for (const event of bundle.events) {
    if (!event.document) continue;
    const doc = carried.get(event.document);
    if (!doc)
      return {
        problem: `event ${event.seq} names document ${event.document}, which the bundle does not carry`,
        unproven,
      };
    if (doc.base64 === null) {
      unproven.push(doc.sha256);
      continue;
    }
    const bytes = Buffer.from(doc.base64, 'base64');
    if (sha256Of(bytes) !== doc.sha256)
      return { problem: `document ${doc.sha256}: its bytes do not have that SHA-256: they were changed`, unproven };
    let text: string;
    try {
      text = await documentText(bytes, doc.mediaType);
    } catch (error) {
      if (error instanceof DomainError)
        return { problem: `document ${doc.sha256}: it cannot be read again: ${error.message}`, unproven };
      throw error;
    }
    const reason = disagreement(text, event);
    if (reason !== null) return { problem: `event ${event.seq}: ${reason}`, unproven };
  }
  return { problem: null, unproven };
}

/** A check that failed, saying why and how far it got. */
const fail = (detail: string, extra: Partial<BundleCheck> = {}): BundleCheck => ({
  valid: false,
  detail,
  statementId: null,
  length: 0,
  head: null,
  latest: [],
  informational: [],
  ...extra,
});

/** The bundle in the format it names (1 or the current one), or why it is not a bundle. */
function parseBundle(input: unknown) {
  const format = z.object({ format: z.string() }).safeParse(input).data?.format;
  const parsed = format === BUNDLE_FORMAT_1 ? bundleV1.safeParse(input) : bundleSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `not an ${BUNDLE_FORMAT} file: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim();
}

export async function checkBundle(input: unknown, trust: Trust): Promise<BundleCheck> {
  const parsed = parseBundle(input);
  if (typeof parsed === 'string') return fail(parsed);
  const bundle = parsed;
  const statementId = bundle.statement.id;
  const chain = chainProblem(statementId, bundle.events);
  if (chain !== null) return fail(chain, { statementId });
  const length = bundle.events.length;
  const head = bundle.events.at(-1)?.hash ?? null;
  let keys: PublicKey[];
  try {
    keys =
      bundle.format === BUNDLE_FORMAT
        ? await trusted(trust, bundle.keys, bundle.rotations)
        : await trusted(trust, [], []);
  } catch (error) {
    if (error instanceof SigningKeyError) return fail(error.message, { statementId, length, head });
    throw error;
  }
  const checkpoint = await readCheckpoint(bundle.checkpoint, { keys });
  if (!checkpoint.valid) return fail(`checkpoint: ${checkpoint.detail}`, { statementId, length, head });
  const { claims } = checkpoint;
  if (canonicalJson(claims) !== canonicalJson(bundle.claims))
    return fail("the bundle's claims differ from the signed checkpoint's: they were edited", {
      statementId,
      length,
      head,
    });
  if (claims.statementId !== statementId || claims.length !== length || claims.head !== head) {
    return fail(
      `the checkpoint is for ${claims.statementId} with ${claims.length} events and head ${claims.head ?? '-'}, not this chain`,
      { statementId, length, head },
    );
  }
  const proofs = bundle.format === BUNDLE_FORMAT ? proofProblem(bundle, claims) : null;
  if (proofs !== null) return fail(proofs, { statementId, length, head });
  const documents = bundle.format === BUNDLE_FORMAT ? await documentsProblem(bundle) : { problem: null, unproven: [] };
  if (documents.problem !== null) return fail(documents.problem, { statementId, length, head });
  const informational =
    bundle.format === BUNDLE_FORMAT
      ? [...bundle.informational, ...documents.unproven.map((d) => `document ${d}`)]
      : ['statement', 'organizations'];
  const logPart = claims.log ? `, in a log of ${claims.log.size} records with root ${claims.log.root}` : '';
  return {
    valid: true,
    detail: `${length} events, head ${head ?? '-'}${logPart}, signed by key ${checkpoint.kid}`,
    statementId,
    length,
    head,
    latest: latestList(bundle.events),
    informational,
  };
}

function latestList(events: Events) {
  const items: (ReplayItem & { position: number })[] = events.flatMap((e) =>
    e.items.map((item, ord) => ({ ...item, seq: e.seq, ord, asOf: e.asOf })),
  );
  const retracted = retractedIn(items);
  const positions = new Map(items.map((i) => [i.signatureId, i.position]));
  return [...byOrganization(items)]
    .flatMap(([organizationId, own]) => {
      const on = onListAt(organizationTimeline(own, retracted), END_OF_TIME);
      return on ? [{ position: positions.get(on.signatureId) ?? 0, organizationId }] : [];
    })
    .sort((a, b) => a.position - b.position);
}
