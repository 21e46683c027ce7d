import { randomBytes } from 'node:crypto';

/** Opaque, URL-safe ids with a type prefix (org_, stm_, sig_, key_) so a misplaced id is obvious. */
// Random bytes drawn a block at a time: an imported list makes thousands of ids at once.
let pool = Buffer.alloc(0);
let offset = 0;

export const newId = (prefix: string) => {
  if (offset + 12 > pool.length) {
    pool = randomBytes(12 * 1024);
    offset = 0;
  }
  offset += 12;
  return `${prefix}_${pool.subarray(offset - 12, offset).toString('base64url')}`;
};

export const nowIso = () => new Date().toISOString();
