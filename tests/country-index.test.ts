// The country index as `npm run build` writes it (src/lib/country-index.ts): a thread that loads
// the file must read lists exactly as one that built the index itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildIndex, indexFileFits, readIndexFile, writeIndexFile } from '../src/lib/country-index.js';

const dir = mkdtempSync(join(tmpdir(), 'undersigned-country-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file's JSON, its other fields kept as they are. */
const stored = (file: string) =>
  z.looseObject({ builtBy: z.string(), names: z.unknown() }).parse(JSON.parse(readFileSync(file, 'utf8')));

describe('the country index file', () => {
  it('loads as the same index the names build', () => {
    const file = join(dir, 'index.json');
    writeIndexFile(file);
    expect(indexFileFits(file)).toBe(true);
    const loaded = readIndexFile(file);
    const built = buildIndex();
    expect(loaded).toEqual(built);
    expect(loaded?.names.get('L deutschland')).toBe('DE');
    expect(built.names.size).toBeGreaterThan(10_000);
    // What built it: this Node and ICU, and each package the names come from, by version.
    expect(stored(file).builtBy).toMatch(/^node v\d+.*, icu .*, i18n-iso-countries \d+\.\d+.*, any-ascii \d+\.\d+/);
  });

  it('is not used when another Node or other packages built it, or when it cannot be read', () => {
    const file = join(dir, 'other.json');
    writeIndexFile(file);
    const written = stored(file);
    writeFileSync(
      file,
      JSON.stringify({ ...written, builtBy: written.builtBy.replace(/any-ascii [^,]+/, 'any-ascii 0.0.1') }),
    );
    expect([indexFileFits(file), readIndexFile(file)]).toEqual([false, null]);
    writeFileSync(file, '{"builtBy":');
    expect([indexFileFits(file), readIndexFile(file)]).toEqual([false, null]);
    const { names: _names, ...withoutNames } = written;
    writeFileSync(file, JSON.stringify(withoutNames));
    expect(readIndexFile(file)).toBeNull();
    expect([indexFileFits(join(dir, 'missing.json')), readIndexFile(join(dir, 'missing.json'))]).toEqual([false, null]);
  });
});
