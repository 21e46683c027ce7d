/**
 * What the generator reports back to the runner (one JSON line from a child process), checked
 * with zod on the way in. Kept apart from generate.ts so the runner does not load the project.
 */
import { z } from 'zod';

/** The statement the appends go to, in each database that has one: their own, so no list read changes under them. */
export const APPEND_TARGET = {
  title: 'Append target',
  issuer: 'BENCH',
  kind: 'petition',
  body: 'Appended to by the benchmark.',
  openForSignatures: true,
} as const;

export const mainData = z.object({
  sampleId: z.string(),
  /** A moment after the sample was seeded and before its later (no-op) corrections. */
  knownAt: z.string(),
  appendTargetId: z.string(),
  diff: z.object({ statementId: z.string(), from: z.string(), to: z.string() }),
  organizationId: z.string(),
  statementIds: z.array(z.string()),
  organizations: z.number(),
  signatures: z.number(),
  events: z.number(),
  seconds: z.number(),
});
export type MainData = z.infer<typeof mainData>;

export const bigData = z.object({
  sampleId: z.string(),
  bigId: z.string(),
  /** Empty, for the list built through the API. */
  buildId: z.string(),
  organizations: z.number(),
  signatures: z.number(),
  seconds: z.number(),
});
export type BigData = z.infer<typeof bigData>;

export const networkData = z.object({
  statements: z.number(),
  signatures: z.number(),
  organizations: z.number(),
  /** An organization on a fifth of all statements. */
  hubId: z.string(),
  /** Ordinary organizations, each asked about once (so each answer is computed, not cached). */
  sampleIds: z.array(z.string()),
  /** The lists' statements (the as-of reads at scale pick from them). */
  statementIds: z.array(z.string()),
  /** An empty statement of its own for the appends at scale. */
  appendTargetId: z.string(),
  seconds: z.number(),
  /** Seconds per generation step. */
  phases: z.record(z.string(), z.number()),
});
export type NetworkData = z.infer<typeof networkData>;
