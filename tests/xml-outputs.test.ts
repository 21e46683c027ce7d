import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { appendOk, org, statement } from './support/timeline.js';
import { childElements, parseWellFormed } from './support/xml.js';

/**
 * Feeds and GraphML under hostile text: markup in titles and abbreviations, and characters XML
 * 1.0 cannot hold (C0 controls in an event's note, source and reason; U+FFFE/U+FFFF in names).
 * Every document must parse with a conforming parser, titles must be text, and markup must come
 * back as the characters it was written with.
 */
// xmlbuilder2 keeps an ampersand that starts something shaped like a reference: these must come back as written.
const MARKUP = '<b>bold</b> & <script>alert(1)</script> ]]> &foo; &#0; &#60;i&#62; AT&amp;T';
const NONCHARACTERS = '\uFFFE\uFFFF';
const CONTROLS = '\u0000\u000B\u000C\u001B';

async function hostileRecord(t: TestApp) {
  const id = await statement(t, { title: `Title ${MARKUP} ${NONCHARACTERS}`, issuer: `Issuer ${MARKUP}` });
  const a = await org(t, `Name ${MARKUP} ${NONCHARACTERS}`, {
    abbreviation: `<i>AB</i>${NONCHARACTERS}`,
    nameEn: `English ${NONCHARACTERS}`,
    country: 'DE',
  });
  const b = await org(t, `Other ${NONCHARACTERS}`, { abbreviation: 'OT' });
  await appendOk(t, id, { asOf: '2022-01-21', add: [{ organizationId: a }] });
  await appendOk(t, id, {
    asOf: '2022-01-22',
    add: [{ organizationId: b }],
    note: `note ${CONTROLS} ${MARKUP}`,
    source: `source ${CONTROLS}`,
  });
  await appendOk(t, id, { asOf: '2022-02-01', withdraw: [{ organizationId: b, reason: `reason ${CONTROLS}` }] });
  return id;
}

const text = (e: { textContent: string | null } | undefined) => e?.textContent ?? '';

describe('XML outputs cannot be broken by what is stored', () => {
  it('both Atom feeds stay well-formed, with text titles that read back as written', async () => {
    const t = await makeApp();
    const id = await hostileRecord(t);
    for (const url of [`/v1/statements/${id}/feed.atom`, '/v1/feed.atom']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const feed = parseWellFormed(res.body).documentElement;
      if (!feed) throw new Error('no feed element');
      const titles = [
        ...childElements(feed, 'title'),
        ...childElements(feed, 'entry').flatMap((e) => childElements(e, 'title')),
      ];
      expect(titles.length).toBe(4);
      for (const title of titles) expect(title.getAttribute('type'), url).toBe('text');
      // The markup is characters of the title, not elements; noncharacters became U+FFFD.
      // (The statement's feed is titled by it, everyone's feed has it in each entry's title.)
      expect(text(titles[url === '/v1/feed.atom' ? 1 : 0])).toContain(`Title ${MARKUP} \uFFFD\uFFFD`);
      const entries = childElements(feed, 'entry');
      expect(text(childElements(entries[2] ?? feed, 'title')[0])).toContain('<i>AB</i>\uFFFD\uFFFD added');
      const content = text(childElements(entries[1] ?? feed, 'content')[0]);
      // The content is HTML we write: every stored value in it escaped, nothing of it live markup.
      expect(content).toContain('note \uFFFD\uFFFD\uFFFD\uFFFD &#60;b&#62;bold&#60;/b&#62; &#38; &#60;script&#62;');
      expect(content).toContain('&#38;#60;i&#38;#62;');
      expect(content).not.toMatch(/<(script|b|i)>/);
      expect(content).toContain('source \uFFFD\uFFFD\uFFFD\uFFFD');
      expect(text(childElements(entries[0] ?? feed, 'content')[0])).toContain('reason \uFFFD\uFFFD\uFFFD\uFFFD');
    }
  });

  it('GraphML stays well-formed with every node field hostile', async () => {
    const t = await makeApp();
    await hostileRecord(t);
    const res = await t.app.inject({ method: 'GET', url: '/v1/network?format=graphml' });
    expect(res.statusCode).toBe(200);
    const root = parseWellFormed(res.body).documentElement;
    if (!root) throw new Error('no graphml element');
    const data = childElements(root, 'graph')
      .flatMap((g) => childElements(g, 'node'))
      .flatMap((n) => childElements(n, 'data'));
    const values = data.map((d) => [d.getAttribute('key'), text(d)]);
    expect(values).toContainEqual(['name', `Name ${MARKUP} \uFFFD\uFFFD`]);
    expect(values).toContainEqual(['abbreviation', '<i>AB</i>\uFFFD\uFFFD']);
    expect(values).toContainEqual(['nameEn', 'English \uFFFD\uFFFD']);
  });
});
