/**
 * A PDF of a published list, written by hand (no browser, no library): A4 pages of Helvetica
 * text with a running header and a page number on each, entries wrapped under their number, and
 * a photo's worth of bytes (an image that is never decoded to read the text) to bring the file to
 * the size coalitions' PDFs have. Text that Helvetica's encoding lacks (Cyrillic) is transliterated.
 */
import anyAscii from 'any-ascii';

const PAGE = { width: 595, height: 842, margin: 56, size: 10, leading: 12.5 };
/** Characters a line holds at 10 pt (Helvetica averages about 0.5 em). */
const WIDTH = 92;

const latin1 = (text: string) => [...text].map((c) => (c.charCodeAt(0) < 256 ? c : anyAscii(c))).join('');
const pdfString = (text: string) => `(${latin1(text).replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** Splits a line at spaces into pieces of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The published text (blank-line paragraphs, "N. …" entries) as positioned lines on pages. */
function pages(text: string): { x: number; text: string; gap: boolean }[][] {
  const out: { x: number; text: string; gap: boolean }[][] = [[]];
  const perPage = Math.floor((PAGE.height - 2 * PAGE.margin) / PAGE.leading) - 2;
  let gap = false;
  for (const paragraph of text.split('\n')) {
    if (paragraph.trim() === '') {
      gap = true;
      continue;
    }
    const entry = /^\d+\. /.test(paragraph);
    wrap(paragraph, entry ? WIDTH - 4 : WIDTH).forEach((line, i) => {
      let page = out[out.length - 1] ?? [];
      if (page.length + (gap ? 2 : 1) > perPage) out.push((page = []));
      page.push({ x: PAGE.margin + (entry && i > 0 ? 18 : 0), text: line, gap: gap && i === 0 });
      gap = false;
    });
  }
  return out;
}

/** A PDF of `text` titled `title`, padded to about `bytes` with an image when it is smaller. */
export function publishedPdf(title: string, text: string, bytes = 0): Buffer {
  const objects: (string | Buffer)[] = [];
  const add = (body: string | Buffer) => objects.push(body) + 2; // object 1 is the catalog, 2 the pages
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const laid = pages(text);
  const pageIds: number[] = [];
  laid.forEach((lines, p) => {
    let y = PAGE.height - PAGE.margin;
    const ops = [
      `BT /F1 8 Tf 1 0 0 1 ${PAGE.margin} ${PAGE.height - 30} Tm ${pdfString(title)} Tj ET`,
      `BT /F1 8 Tf 1 0 0 1 ${PAGE.width / 2 - 20} 30 Tm ${pdfString(`Page ${p + 1} of ${laid.length}`)} Tj ET`,
    ];
    for (const line of lines) {
      y -= line.gap ? PAGE.leading * 2 : PAGE.leading;
      ops.push(`BT /F1 ${PAGE.size} Tf 1 0 0 1 ${line.x} ${y.toFixed(1)} Tm ${pdfString(line.text)} Tj ET`);
    }
    const content = Buffer.from(ops.join('\n'), 'latin1');
    const stream = add(
      Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    );
    pageIds.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  });
  const written = objects.reduce((n, o) => n + o.length + 32, 0);
  if (bytes > written) {
    // A photo on the first page: bytes PDF.js never decodes to read text (random, so they do not compress).
    const image = Buffer.alloc(bytes - written, 0).map(() => Math.floor(Math.random() * 256));
    const id = add(
      Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width 2000 /Height 1500 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${image.length} >>\nstream\n`,
        ),
        image,
        Buffer.from('\nendstream'),
      ]),
    );
    const photo = Buffer.from('q 200 0 0 150 56 40 cm /Im1 Do Q');
    const stream = add(
      Buffer.concat([Buffer.from(`<< /Length ${photo.length} >>\nstream\n`), photo, Buffer.from('\nendstream')]),
    );
    pageIds.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /XObject << /Im1 ${id} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  const all = [
    `<< /Type /Catalog /Pages 2 0 R >>`,
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
    ...objects,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  all.forEach((body, i) => {
    const object = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n'),
    ]);
    offsets.push(length);
    parts.push(object);
    length += object.length;
  });
  const xref = [
    `xref\n0 ${all.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  const info = `<< /Title ${pdfString(title)} >>`;
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${all.length + 1} /Root 1 0 R /Info ${info} >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}
