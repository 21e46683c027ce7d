import type { FastifyRequest } from 'fastify';

/**
 * The language a read shows, of those a resource has (its own first): `lang` when given, else
 * the best of Accept-Language (negotiator's matching: `de-CH` is served by `de`), else the first.
 * Null when the resource has none.
 */
export function chooseLanguage(
  request: FastifyRequest,
  lang: string | undefined,
  available: readonly string[],
): string | null {
  if (lang !== undefined) return lang;
  if (available.length === 0) return null;
  const chosen = request.headers['accept-language'] ? request.accepts().languages([...available]) : false;
  return typeof chosen === 'string' ? chosen : (available[0] ?? null);
}
