// The country index as `npm run build` writes it (src/lib/country-index.ts): a thread that loads
// the file must read lists exactly as one that built the index itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, readIndexFile, writeIndexFile } from '../src/lib/country-index.js';

const dir = mkdtempSync(join(tmpdir(), 'undersigned-country-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the country index file', () => {
  it('loads as the same index the names build', () => {
    const file = join(dir, 'index.json');
    writeIndexFile(file);
    const loaded = readIndexFile(file);
    const built = buildIndex();
    expect(loaded).toEqual(built);
    expect(loaded?.names.get('L deutschland')).toBe('DE');
    expect(built.names.size).toBeGreaterThan(10_000);
  });

  it('is not used when another Node built it, or when it cannot be read', () => {
    const file = join(dir, 'other.json');
    writeIndexFile(file);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { builtBy: string };
    writeFileSync(file, JSON.stringify({ ...stored, builtBy: 'node v0.0.0, icu 1.0, unicode 1.0' }));
    expect(readIndexFile(file)).toBeNull();
    writeFileSync(file, '{"builtBy":');
    expect(readIndexFile(file)).toBeNull();
    const { names: _names, ...withoutNames } = stored as { builtBy: string; names?: unknown };
    writeFileSync(file, JSON.stringify(withoutNames));
    expect(readIndexFile(file)).toBeNull();
    expect(readIndexFile(join(dir, 'missing.json'))).toBeNull();
  });
});
