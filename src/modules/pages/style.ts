import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS } from './routes.js';

/**
 * The CSP source that allows the pages' one inline stylesheet (views/layout.eta) and nothing
 * else inline: `'sha256-…'` of the text between <style> and </style>, read from the template at
 * start. The stylesheet holds no template tags, so the page sends exactly these bytes.
 */
export function pageStyleHash(): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(readFileSync(join(VIEWS, 'layout.eta'), 'utf8'))?.[1];
  if (style === undefined || style.includes('<%'))
    throw new Error('views/layout.eta must hold one <style> without template tags');
  return `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
}
