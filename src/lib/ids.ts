import { randomBytes } from 'node:crypto';

/** Opaque, URL-safe ids with a type prefix (org_, stm_, sig_, key_) so a misplaced id is obvious. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

export const nowIso = () => new Date().toISOString();
