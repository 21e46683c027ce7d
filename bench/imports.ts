/**
 * Imports of generated published lists: the importer parses, matches every entry against the
 * organizations (FTS), plans and writes in one transaction, so its time grows with both the list
 * and the database. Sent as text/plain, the published format as printed, or as a PDF of it
 * (read on the import worker first).
 */
import { z } from 'zod';
import { expectStatus, json } from './checks.js';
import { sampleRss } from './processes.js';
import { ADMIN_KEY } from './servers.js';

export interface ImportTiming {
  entries: number;
  dryRun: boolean;
  ms: number;
  status: number;
  outcome: string | null;
  matched: number;
  created: number;
  peakRssMb: number | null;
}

const importResult = z.object({
  outcome: z.string(),
  entries: z.array(z.object({ match: z.object({ reason: z.string() }) })),
});

/** A document to import: the published text, or a PDF of it. */
export type ImportBody = { text: string } | { pdf: Buffer };

export async function timeImport(
  step: string,
  server: { url: string; pid: number },
  body: ImportBody,
  dryRun: boolean,
): Promise<ImportTiming> {
  const rss = sampleRss(server.pid);
  const url = `${server.url}/v1/imports${dryRun ? '?dryRun=true' : ''}`;
  const [type, payload] = 'pdf' in body ? ['application/pdf', body.pdf] : ['text/plain; charset=utf-8', body.text];
  const fetched = await expectStatus(step, url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': type },
    body: payload,
  });
  const peakRssMb = rss.stop();
  const parsed = importResult.safeParse(json(fetched));
  const entries = parsed.success ? parsed.data.entries : [];
  const matched = entries.filter((e) => !['new', 'duplicate', 'ambiguous', 'decided'].includes(e.match.reason)).length;
  return {
    entries: entries.length,
    dryRun,
    ms: fetched.ms,
    status: fetched.status,
    outcome: parsed.success ? parsed.data.outcome : null,
    matched,
    created: entries.filter((e) => e.match.reason === 'new').length,
    peakRssMb,
  };
}
