import { z } from 'zod';

export const role = z.enum(['editor', 'admin']).meta({
  id: 'Role',
  description: '`editor` writes data; `admin` also manages keys.',
});

export const keyInput = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Who or what uses the key; recorded as `recordedBy` on every change it makes. Unique.'),
    role,
  })
  .meta({ id: 'NewApiKey' });

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role,
    prefix: z.string().describe('The first characters of the secret, to recognise it.'),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKey = apiKey
  .extend({ key: z.string().describe('The secret. Shown once, here; only its hash is stored.') })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyList = z.object({ items: z.array(apiKey) }).meta({ id: 'ApiKeyList' });
export const keyIdParams = z.object({ id: z.string().min(1).max(64) });
