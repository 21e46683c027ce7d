import { describe, expect, it } from 'vitest';
import { expectProblem, makeApp, type TestApp } from './support/app.js';
import { appendOk, org, statement, threeEvents } from './support/timeline.js';

const page = (t: TestApp, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
const rows = (html: string, kind = 'signatory') => html.match(new RegExp(`<tr class="${kind}"`, 'g'))?.length ?? 0;
const tableRows = (html: string, id: string) =>
  rows(html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`))));

async function sampleId(t: TestApp) {
  const res = await t.app.inject({ method: 'GET', url: '/v1/statements' });
  const id = res.json<{ items: { id: string }[] }>().items[0]?.id;
  if (!id) throw new Error('the sample was not seeded');
  return id;
}

describe('the statement page', () => {
  it('shows the sample statement and its list as of any date, without JavaScript', async () => {
    const t = await makeApp({ config: { seedSample: true } });
    const id = await sampleId(t);
    const res = await page(t, `/statements/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<h1>Solidarity with the workers and popular masses in Kazakhstan!</h1>');
    expect(rows(html)).toBe(31);
    expect(html).toContain('<strong id="count">31</strong>');
    // Names in every script, the English name and the country with its name.
    expect(html).toContain('13. БКП Българска Комунистическа Партия (Bulgarian Communist Party)');
    expect(html).toContain('<abbr class="code" title="Bulgaria">BG</abbr> Bulgaria');
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<form class="pick" method="get" action="\/statements\/stm_[^"]+">/);
    expect(html).toContain('id="verified" class="ok"');
    expect(html).toContain('@media print');

    const before = await page(t, `/statements/${id}?asOf=2022-01-20&knownAt=&since=`);
    expect(before.statusCode).toBe(200);
    expect(rows(before.body)).toBe(0);
    expect(before.body).toContain('No signatories as of this date.');
  });

  it('strikes withdrawals through with date and reason, notes retractions, and shows changes since a date', async () => {
    const t = await makeApp();
    const { id, c } = await threeEvents(t);
    await appendOk(t, id, { asOf: '2022-03-02', retract: [{ organizationId: c, reason: 'never signed: a mix-up' }] });
    const html = (await page(t, `/statements/${id}`)).body;
    expect(rows(html)).toBe(3);
    expect(rows(html, 'withdrawn')).toBe(1);
    expect(html).toMatch(
      /<del>Beta<\/del>[\s\S]*?Withdrawn as of <time datetime="2022-03-01">2022-03-01<\/time>: left the coalition/,
    );
    expect(html).toMatch(
      /<ul id="retracted">\n<li>Gamma: retraction recorded with the event of <time datetime="2022-03-02">2022-03-02<\/time>, never signed: a mix-up<\/li>/,
    );
    // As of February Beta had not withdrawn yet.
    const feb = (await page(t, `/statements/${id}?asOf=2022-02-01`)).body;
    expect([rows(feb), rows(feb, 'withdrawn')]).toEqual([4, 0]);

    const diff = (await page(t, `/statements/${id}?asOf=2022-03-01&since=2022-01-25`)).body;
    expect(diff).toContain('2 added, 1 gone.');
    expect(tableRows(diff, 'diff-added')).toBe(2);
    expect(tableRows(diff, 'diff-withdrawn')).toBe(1);
    expectProblem(await page(t, `/statements/${id}?since=last-week`), 400);
  });

  it('takes the pickers as a browser sends them and is cacheable for good with both dates pinned', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    // A datetime-local field sends no seconds and no offset: read as UTC.
    const local = await page(t, `/statements/${id}?asOf=2022-02-01&knownAt=2000-01-01T00:00`);
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('as known at <time datetime="2000-01-01T00:00:00.000Z">');
    expect(rows(local.body)).toBe(0);
    expect(local.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(expectProblem(await page(t, `/statements/${id}?knownAt=yesterday`), 400).errors?.[0]?.field).toBe('knownAt');
    expect(expectProblem(await page(t, `/statements/${id}?knownAt=2022-02-30T10:00`), 400).errors?.[0]?.field).toBe(
      'knownAt',
    );
    const again = await page(t, `/statements/${id}?asOf=2022-02-01&knownAt=2000-01-01T00:00`, {
      'if-none-match': String(local.headers.etag),
    });
    expect(again.statusCode).toBe(304);

    const latest = await page(t, `/statements/${id}`);
    expect(latest.headers['cache-control']).toBe('public, max-age=5, must-revalidate');
    expect(latest.headers.etag).toMatch(/^"[\w-]{27}"$/);
    // The permalink pins both dates.
    const permalink =
      /Permalink, both dates pinned: <a href="([^"]+)"/.exec(latest.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(permalink).toMatch(
      new RegExp(`^/statements/${id}\\?asOf=2022-03-01&knownAt=\\d{4}-\\d\\d-\\d\\dT[\\d%A]+Z$`),
    );
    // A write changes the latest page (and its ETag).
    await appendOk(t, id, { asOf: '2022-03-05', add: [{ organizationId: await org(t, 'Zeta') }] });
    const changed = await page(t, `/statements/${id}`, { 'if-none-match': String(latest.headers.etag) });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('Zeta');
  });

  it('links to its JSON, and the JSON links back', async () => {
    const t = await makeApp();
    const { id } = await threeEvents(t);
    const html = await page(t, `/statements/${id}?asOf=2022-02-01`);
    expect(html.headers.link).toBe(
      `</v1/statements/${id}/signatories?asOf=2022-02-01>; rel="alternate"; type="application/json"`,
    );
    expect(html.body).toContain(
      `<link rel="alternate" type="application/json" href="/v1/statements/${id}/signatories?asOf=2022-02-01"`,
    );
    for (const download of [
      'signatories.csv?asOf=2022-02-01',
      'signatories.txt?asOf=2022-02-01',
      'bundle',
      'feed.atom',
      'feed.json',
    ])
      expect(html.body).toContain(`href="/v1/statements/${id}/${download}"`);
    const json = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}/signatories?asOf=2022-02-01&limit=2` });
    expect(json.headers.link).toBe(
      `</v1/statements/${id}/signatories?asOf=2022-02-01&limit=2&cursor=${json.json<{ nextCursor: string }>().nextCursor}>; rel="next", </statements/${id}?asOf=2022-02-01>; rel="alternate"; type="text/html"`,
    );
    const one = await t.app.inject({ method: 'GET', url: `/v1/statements/${id}` });
    expect(one.headers.link).toBe(`</statements/${id}>; rel="alternate"; type="text/html"`);
  });

  it('sets lang from the statement, escapes what it prints, and answers 404 and 406 as problems', async () => {
    const t = await makeApp();
    const id = await statement(t, { title: 'Erklärung <script>alert(1)</script>', language: 'de', body: 'Wir & ihr' });
    const html = (await page(t, `/statements/${id}`)).body;
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html).toContain('<h1>Erklärung &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('Wir &amp; ihr');
    expect(html).toContain('No signatories as of this date.');
    expectProblem(await page(t, '/statements/stm_missing'), 404);
    const json = expectProblem(await page(t, `/statements/${id}`, { accept: 'application/json' }), 406);
    expect(json.detail).toContain(`/v1/statements/${id}/signatories`);
  });
});

describe('the statements page', () => {
  it('lists the statements and searches them', async () => {
    const t = await makeApp({ config: { seedSample: true } });
    await statement(t, { title: 'Frieden jetzt', issuer: 'Friedensrat', body: 'Für den Frieden.', language: 'de' });
    const all = await page(t, '/statements');
    expect(all.statusCode).toBe(200);
    expect(all.headers.link).toBe('</v1/statements>; rel="alternate"; type="application/json"');
    expect(all.body.match(/<li lang=/g)?.length).toBe(2);
    expect(all.body).toContain('31 signatories');
    const found = await page(t, '/statements?q=frieden');
    expect(found.body.match(/<li lang=/g)?.length).toBe(1);
    expect(found.body).toContain('<li lang="de"><a href="/statements/stm_');
    expect(found.body).toContain('value="frieden"');
    const none = await page(t, '/statements?q=nothing-like-this');
    expect(none.body).toContain('No statements match “nothing-like-this”.');
    expect((await page(t, '/statements?q=')).statusCode).toBe(200);
  });
});
