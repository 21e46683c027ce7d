import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { makeApp } from './support/app.js';
import type { Org } from './support/organizations.js';

async function seeded() {
  const t = await makeApp({ ready: false });
  await t.app.close();
  const app = await buildApp({ databasePath: t.databasePath, logLevel: 'silent', seedSample: true });
  await app.ready();
  return { app, databasePath: t.databasePath };
}

describe('the embedded default', () => {
  it('a fresh database starts with the ICOR resolution and its 31 signatories as of 2022-01-21, once', async () => {
    const { app, databasePath } = await seeded();
    const list = (await app.inject({ method: 'GET', url: '/v1/statements' })).json<{
      items: { id: string; issuer: string; title: string; signatoryCount: number }[];
    }>();
    expect(list.items).toEqual([
      expect.objectContaining({
        issuer: 'ICOR',
        title: 'Solidarity with the workers and popular masses in Kazakhstan!',
        signatoryCount: 31,
      }),
    ]);
    const id = list.items[0]?.id;
    const signatories = (await app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories` })).json<{
      asOf: string | null;
      knownSeq: number;
      total: number;
    }>();
    expect(signatories).toMatchObject({ knownSeq: 1, eventAsOf: '2022-01-21', total: 31 });
    const event = (await app.inject({ method: 'GET', url: `/v1/statements/${id}/events/1` })).json<{
      asOf: string;
      recordedBy: string;
    }>();
    expect(event).toMatchObject({ asOf: '2022-01-21', recordedBy: 'seed (bundled sample)' });
    await app.close();

    // A restart does not seed again.
    const again = await buildApp({ databasePath, logLevel: 'silent', seedSample: true });
    const count = (await again.inject({ method: 'GET', url: '/v1/statements' })).json<{ items: unknown[] }>().items
      .length;
    await again.close();
    expect(count).toBe(1);
  });

  it('SEED_SAMPLE=false leaves the database empty', async () => {
    const t = await makeApp();
    expect((await t.app.inject({ method: 'GET', url: '/v1/statements' })).json<{ items: unknown[] }>().items).toEqual(
      [],
    );
  });
});

describe('search in every script', () => {
  it('finds names regardless of case, diacritics and script, ranked', async () => {
    const { app } = await seeded();
    const find = async (q: string) =>
      (await app.inject({ method: 'GET', url: `/v1/organizations?q=${encodeURIComponent(q)}` }))
        .json<{ items: Org[] }>()
        .items.map((o) => o.abbreviation);
    expect(await find('bolsevik')).toEqual(['BP (NK-T)']);
    expect(await find('bulgarska')).toEqual(['БКП']);
    expect(await find('BKP')).toEqual(['БКП']);
    expect(await find('Българска')).toEqual(['БКП']);
    expect(await find('ivoire')).toEqual(['PCPCI']);
    expect(await find('marxistisch')).toEqual(['MLPD', 'MLGS']);
    expect(await find('türkiye')).toEqual(expect.arrayContaining(['BP (NK-T)', 'TKP-ML', 'MLKP']));
    const nepal = await find('nepal');
    expect(nepal).toEqual(expect.arrayContaining(['NCP (Mashal)', 'PPRF']));
    expect(nepal).toHaveLength(2);
    expect(await find('zzzz')).toEqual([]);
    const statements = (await app.inject({ method: 'GET', url: '/v1/statements?q=kazakhstan%20strikes' })).json<{
      items: unknown[];
    }>().items;
    expect(statements).toHaveLength(1);
    await app.close();
  });
});
