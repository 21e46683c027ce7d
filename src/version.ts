import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The package's version, one source for the API document, `GET /` and `undersigned --version` (package.json sits above src/ and dist/). */
export const API_VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))).version;
