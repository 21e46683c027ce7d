// A PDF's positioned lines laid out again as the published format: what the layout says about
// wrapped entries, paragraphs, page breaks and what every page repeats.
import { describe, expect, it } from 'vitest';
import { layOut, type PdfLine } from '../src/lib/documents/pdf-layout.js';

/** A line of 11 pt text (5.5 pt a character) on `page` at x, y (the baseline, from the bottom). */
const at = (page: number, x: number, y: number, text: string, size = 11): PdfLine => ({
  page,
  x,
  y,
  right: x + text.length * size * 0.5,
  size,
  text,
});
/** Lines down a page from y = 700, 13 pt apart, with an extra 13 pt where a line is null. */
function page(number: number, lines: ([number, string] | null)[]): PdfLine[] {
  let y = 713;
  return lines.flatMap((line) => {
    y -= 13;
    return line ? [at(number, line[0], y, line[1])] : [];
  });
}
/** What a browser prints on every page: the title above, the page number below. */
const margins = (number: number, of: number) => [
  at(number, 200, 800, 'A title', 8),
  at(number, 280, 30, `Page ${number} of ${of}`, 8),
];

describe('PDF lines as the published format', () => {
  it('joins an entry wrapped under its number, and a wrapped line that starts with a number', () => {
    const lines = page(1, [
      [58, '1. RM Rode Morgen (Red'],
      [72, 'Dawn), Netherlands'],
      [51, '10. MLPD Marxistisch-'],
      [72, 'Leninistische Partei'],
      [72, '1. Mai (First of May)'],
      [51, '11. UC Unité Communiste'],
    ]);
    expect(layOut([lines])).toBe(
      '1. RM Rode Morgen (Red Dawn), Netherlands\n10. MLPD Marxistisch-Leninistische Partei 1. Mai (First of May)\n11. UC Unité Communiste',
    );
  });

  it('joins an entry that runs across a page break, and drops the running header and page numbers', () => {
    const one = [
      ...page(1, [
        [42, 'Signatories (as of 1 March 2022):'],
        null,
        [58, '1. RM Rode Morgen, Netherlands'],
        [58, '2. UC Unité Communiste'],
        [72, '(Communist Unity),'],
      ]),
      ...margins(1, 2),
    ];
    const two = [
      ...page(2, [
        [72, 'France'],
        [58, '3. KOL Kommunistische Organisation Luxemburg'],
      ]),
      ...margins(2, 2),
    ];
    expect(layOut([one, two])).toBe(
      'Signatories (as of 1 March 2022):\n\n1. RM Rode Morgen, Netherlands\n2. UC Unité Communiste (Communist Unity), France\n3. KOL Kommunistische Organisation Luxemburg',
    );
  });

  it('joins an unindented wrapped line when it is no numbered entry; a new paragraph ends the list', () => {
    const lines = page(1, [
      [42, '1. RM Rode Morgen (Red'],
      [42, 'Dawn), Netherlands'],
      [42, '2. UC Unité Communiste'],
      null,
      [42, 'Signed by 2 organisations.'],
    ]);
    expect(layOut([lines])).toBe(
      '1. RM Rode Morgen (Red Dawn), Netherlands\n2. UC Unité Communiste\n\nSigned by 2 organisations.',
    );
    const outdented = page(1, [
      [58, '1. RM Rode Morgen'],
      [42, 'Signed by 1 organisation.'],
    ]);
    expect(layOut([outdented])).toBe('1. RM Rode Morgen\n\nSigned by 1 organisation.');
  });

  it('makes a paragraph one line, across a page break when its last line runs to the edge', () => {
    const full = 'x'.repeat(60);
    const one = [
      ...page(1, [[42, 'ICOR resolution:'], null, [42, full], [42, `${'y'.repeat(55)} and`]]),
      ...margins(1, 2),
    ];
    const two = [...page(2, [[42, 'filled the posts.'], null, [42, 'Freedom!']]), ...margins(2, 2)];
    expect(layOut([one, two])).toBe(`ICOR resolution:\n\n${full} ${'y'.repeat(55)} and filled the posts.\n\nFreedom!`);
    const short = [
      ...page(1, [
        [42, full],
        [42, 'Ends here.'],
      ]),
      ...margins(1, 2),
    ];
    expect(layOut([short, two])).toBe(`${full} Ends here.\n\nfilled the posts.\n\nFreedom!`);
  });

  it('keeps a heading apart from the text around it by its size, and joins a word broken at its hyphen', () => {
    const lines = [
      at(1, 42, 700, 'Solidarity with the', 22),
      at(1, 42, 674, 'workers!', 22),
      at(1, 42, 650, 'Kassym-'),
      at(1, 42, 637, 'Shomart Tokayev - the'),
      at(1, 42, 624, '- president'),
    ];
    expect(layOut([lines])).toBe('Solidarity with the workers!\n\nKassym-Shomart Tokayev - the - president');
  });

  it('drops a lone page number at the foot of a single page, and keeps the same words repeated in the text', () => {
    const lines = [...page(1, [[42, 'A title'], null, [42, 'A title']]), at(1, 280, 30, '- 1 -')];
    expect(layOut([lines])).toBe('A title\n\nA title');
  });
});
