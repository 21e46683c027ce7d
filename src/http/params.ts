import { z } from 'zod';

export const idParams = z.object({ id: z.string().min(1).max(64) });
export const revisionParams = z.object({
  id: z.string().min(1).max(64),
  revision: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
