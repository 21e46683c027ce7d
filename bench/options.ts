/**
 * What one run measures, and at what scale. `--smoke` shrinks everything so CI can prove the
 * harness works end to end in well under a minute; it never judges performance.
 */
import { parseArgs } from 'node:util';

export interface Options {
  smoke: boolean;
  /** Signatures in the main database (statements of ~100 signatories). */
  signatures: number;
  /** autocannon duration per run, seconds. */
  seconds: number;
  /** Interleaved rounds of server route, then its peers; the median round is reported. */
  rounds: number;
  connections: number;
  /** Entries in the imported published list (and in the dry-run list). */
  importEntries: number;
  /** Size of the PDF of the import list posted for a dry run (its list padded with a photo's bytes). */
  pdfBytes: number;
  /** Organizations in the big database the dry run matches against. */
  bigOrganizations: number;
  /** Signatories on the one big list (paged read, CSV export, RSS). */
  bigList: number;
  /** Signatories on the list built through the API (each a new organization). */
  buildList: number;
  /** How long the list built through the API may take before the run stops sending events. */
  buildCapSeconds: number;
  /** Events the append clients send in all (a fixed number, so every answer is counted). */
  appendEvents: number;
  appendClients: number;
  /** Requests per second per probe while an import or export runs. */
  probeRate: number;
  /** The co-signature database: statements, signatories per list, organizations (a fiftieth of the signatures: each on ~50 lists). */
  network: { statements: number; perList: number; organizations: number; allOrganizations: number };
}

const usage = `usage: npm run bench -- [--smoke] [--signatures N] [--duration S] [--rounds N]
  --smoke         tiny scale, 1 round of 1 s: proves every step works (exit 1 if one fails)
  --signatures N  signatures in the main database (default 10000; 1000000 works, generation takes minutes)
  --duration S    seconds per autocannon run (default 2)
  --rounds N      interleaved rounds per comparison, the median is reported (default 3)
  --big-list N    signatories on the big list, organizations in its database, and the list built through the API (default 100000)
  --network-statements N  statements of 100 signatories in the co-signature and scale database (default 10000)`;

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      signatures: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      'big-list': { type: 'string' },
      'network-statements': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const number = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer >= ${min}, not ${JSON.stringify(value)}\n${usage}`);
    return n;
  };
  const smoke = values.smoke ?? false;
  const bigList = number('big-list', values['big-list'], smoke ? 10_000 : 100_000, 1_000);
  const networkStatements = number('network-statements', values['network-statements'], smoke ? 200 : 10_000, 10);
  const perList = smoke ? 20 : 100;
  return {
    smoke,
    signatures: number('signatures', values.signatures, smoke ? 1_000 : 10_000, 100),
    seconds: number('duration', values.duration, smoke ? 1 : 2, 1),
    rounds: number('rounds', values.rounds, smoke ? 1 : 3, 1),
    connections: 32,
    importEntries: smoke ? 500 : 5_000,
    pdfBytes: smoke ? 1_000_000 : 20_000_000,
    bigOrganizations: bigList,
    bigList,
    buildList: smoke ? 1_000 : bigList,
    // The target: past it the number is a ✗ anyway, and an unbounded build could take the run's whole budget.
    buildCapSeconds: smoke ? 30 : 60,
    appendEvents: smoke ? 100 : 2_000,
    appendClients: 8,
    probeRate: 100,
    network: {
      statements: networkStatements,
      perList,
      organizations: Math.max(100, Math.ceil((networkStatements * perList) / 50)),
      // The scale target's 100,000 organizations; those past the lists' pool sign nothing.
      allOrganizations: smoke ? 1_000 : 100_000,
    },
  };
}
