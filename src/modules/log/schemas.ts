import { z } from 'zod';
import { paginationQuery } from '../../http/pagination.js';
import { booleanQuery } from '../../http/params.js';
import { signedJws } from '../../lib/general-jws.js';
import { treeHead } from './heads.js';

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const EXAMPLE_ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';

export const logKinds = [
  'event',
  'organization',
  'statement',
  'signature',
  'merge',
  'key-rotation',
  'document-capture',
] as const;

export const signedTreeHead = z
  .object({
    ...treeHead.shape,
    kid: z.string().describe('The server key that signed it (RFC 7638 thumbprint; see /v1/log/keys).'),
    signed: signedJws.describe('The signed head: keep it. Its payload is canonical JSON of {size, root, time}.'),
    witnesses: z
      .array(z.string())
      .describe('The witnesses (kids) whose signatures `signed` also carries; empty on the current head.'),
  })
  .meta({
    id: 'SignedTreeHead',
    description: "The log's current head, signed. Keep it: the log can later be proven to extend it.",
  });

export type SignedTreeHead = z.infer<typeof signedTreeHead>;

export const logEntry = z
  .object({
    index: z.number().int().min(0).describe("The leaf's index in the tree, from 0."),
    kind: z
      .enum(logKinds)
      .describe(
        'The record: a signatory event, a revision of an organization, statement or signature, a merge, a key rotation, a capture of a kept document.',
      ),
    subject: z
      .string()
      .describe(
        'The statement (event), the resource (revision), the merged organization (merge), the new key (key-rotation), the document (document-capture).',
      ),
    number: z
      .number()
      .int()
      .describe("The event's seq, the revision number, the merge's or rotation's seq, the capture's id."),
    recordHash: hash.describe("The record's own hash, as its table (and its API resource) gives it."),
    leafData: z.string().describe("The leaf's bytes: RFC 8785 canonical JSON of {hash, kind, number, subject}."),
    leafHash: hash.describe('SHA-256(0x00 ‖ leafData), as RFC 9162 hashes a leaf.'),
  })
  .meta({ id: 'LogEntry', description: 'One leaf of the log: one record, named by its own hash.' });

export const logEntryPage = z
  .object({
    items: z.array(logEntry),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'LogEntryPage' });

export const logEntryQuery = z.object({
  ...paginationQuery,
  kind: z.enum(logKinds).optional().describe('With `subject` and `number`: the leaf of that one record.'),
  subject: z.string().min(1).max(64).optional(),
  number: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const indexParams = z.object({ index: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

const size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const inclusionQuery = z.object({
  index: size.describe('The leaf.'),
  size: size.optional().describe('The tree size the proof is for (default: the current size).'),
});

export const inclusionProofSchema = z
  .object({
    index: z.number().int().describe('The leaf.'),
    size: z.number().int().describe('The tree size the proof is for.'),
    leafHash: hash.describe("The leaf's hash, which the path starts from."),
    root: hash.meta({ example: EXAMPLE_ROOT }).describe('The root of the tree of `size` leaves.'),
    path: z.array(hash).describe('RFC 9162 §2.1.3 inclusion path, from the leaf up.'),
  })
  .meta({
    id: 'InclusionProof',
    description: 'Verify with RFC 9162 §2.1.3.2: the leaf is in the tree of `size` with this root.',
  });

export const consistencyQuery = z.object({
  from: size.describe('The size of the head you kept.'),
  to: size.optional().describe('The later size (default: the current size).'),
});

export const consistencyProofSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    fromRoot: hash.describe('The root of the tree of `from` leaves (compare it with the head you kept).'),
    toRoot: hash.describe('The root of the tree of `to` leaves.'),
    path: z.array(hash).describe('RFC 9162 §2.1.4 consistency path.'),
  })
  .meta({
    id: 'ConsistencyProof',
    description: 'Verify with RFC 9162 §2.1.4.2: the tree of `from` leaves is a prefix of the tree of `to`.',
  });

export const keyHistory = z
  .object({
    keys: z
      .array(z.record(z.string(), z.string()))
      .describe('Every key of the history, oldest first, the current one last (as in /.well-known/jwks.json).'),
    rotations: z
      .array(signedJws)
      .describe(
        'Each handover, signed by the key handed over and by the key taking over: from a key you pinned, follow them to the current one.',
      ),
    witnesses: z
      .array(z.record(z.string(), z.string()))
      .describe(
        'The witnesses whose co-signatures of tree heads this server keeps (`?witnessed=true` heads). Pin the ones you trust by thumbprint.',
      ),
  })
  .meta({
    id: 'KeyHistory',
    description: "The server's signing keys over time, from its key configuration (never from its database).",
  });

export const headQuery = z.object({
  witnessed: booleanQuery(
    'The latest head co-signed by the witnesses this server is configured with, instead of the current head (404 when none has been).',
  ),
});

export const cosignedHead = z.object({ ...signedJws.shape }).meta({
  id: 'CosignedTreeHead',
  description: "A signed tree head as GET /v1/log/head gave it, with a witness's signature added to `signatures`.",
});
