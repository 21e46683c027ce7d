/**
 * Identifiers of organizations in other registries, checked the way each registry writes them:
 * a value in its one canonical spelling, so the same identifier is always stored (and found) alike.
 */

export const KNOWN_SCHEMES = ['wikidata', 'ror', 'isni', 'website', 'email-domain'] as const;
export type KnownScheme = (typeof KNOWN_SCHEMES)[number];

/** `other:` and a short lower-case name, for registries we do not check (e.g. `other:lobbyregister-de`). */
export const OTHER_SCHEME = /^other:[a-z0-9][a-z0-9._-]{0,49}$/;
export const SCHEME_PATTERN = `^(${KNOWN_SCHEMES.join('|')}|other:[a-z0-9][a-z0-9._-]{0,49})$`;

const isKnown = (scheme: string): scheme is KnownScheme => KNOWN_SCHEMES.some((s) => s === scheme);
export const isScheme = (scheme: string) => isKnown(scheme) || OTHER_SCHEME.test(scheme);

/** Crockford's base32, as ROR ids use it (no i, l, o, u). */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** ROR ids: `0`, six base32 characters, and two check digits (ISO 7064 MOD 97-10 of the base32 number). */
export function rorCheckDigits(body: string): string {
  let n = 0n;
  for (const c of body) n = n * 32n + BigInt(CROCKFORD.indexOf(c));
  return String(98n - ((n * 100n) % 97n)).padStart(2, '0');
}

/** ISNI: fifteen digits and a check character (ISO 7064 MOD 11-2: a digit or X). */
export function isniCheckChar(digits: string): string {
  let total = 0;
  for (const d of digits) total = ((total + Number(d)) * 2) % 11;
  const result = (12 - total) % 11;
  return result === 10 ? 'X' : String(result);
}

const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])$/;

export type Checked = { ok: true; value: string } | { ok: false; detail: string };
const ok = (value: string): Checked => ({ ok: true, value });
const bad = (detail: string): Checked => ({ ok: false, detail });

/** The identifier's canonical spelling, or why it is not one of this scheme. */
export function checkIdentifier(scheme: string, raw: string): Checked {
  const value = raw.trim();
  if (value === '') return bad('must not be empty');
  switch (scheme) {
    case 'wikidata':
      return /^Q[1-9]\d*$/.test(value) ? ok(value) : bad('must be a Wikidata item id: Q and a number, e.g. `Q42`');
    case 'ror': {
      const id = value.toLowerCase().replace(/^https?:\/\/ror\.org\//, '');
      if (!/^0[0-9a-hjkmnp-tv-z]{6}\d{2}$/.test(id))
        return bad('must be a ROR id: 0, six characters of Crockford base32 and two digits, e.g. `042nb2s44`');
      const expected = rorCheckDigits(id.slice(1, 7));
      return id.slice(7) === expected
        ? ok(id)
        : bad(`has the wrong check digits: ${id.slice(0, 7)} ends in ${expected}`);
    }
    case 'isni': {
      const id = value.replace(/[\s-]/g, '').toUpperCase();
      if (!/^\d{15}[\dX]$/.test(id))
        return bad('must be an ISNI: 16 characters, 15 digits and a check digit or X, e.g. `0000 0001 2281 955X`');
      const expected = isniCheckChar(id.slice(0, 15));
      return id.endsWith(expected)
        ? ok(id)
        : bad(`has the wrong check character: ${id.slice(0, 15)} ends in ${expected}`);
    }
    case 'website': {
      const url = URL.canParse(value) ? new URL(value) : null;
      if (!url || !['http:', 'https:'].includes(url.protocol) || value.length > 2000)
        return bad('must be an http(s) URL of at most 2000 characters');
      return ok(url.href);
    }
    case 'email-domain': {
      const domain = value.toLowerCase().replace(/^@/, '');
      return DOMAIN.test(domain) ? ok(domain) : bad('must be a domain name, e.g. `mlpd.de`');
    }
    default:
      if (!OTHER_SCHEME.test(scheme)) return bad('has an unknown scheme');
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      if (value.length > 500 || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(value))
        return bad('must be one line of at most 500 characters');
      return ok(value);
  }
}

/** `scheme:value` as the `identifier` query parameter takes it; `other:name:value` for free schemes. */
export function parseIdentifierParam(param: string): { scheme: string; value: string } | null {
  const m = /^(other:[^:]+|[^:]+):(.+)$/s.exec(param);
  return m?.[1] && m[2] ? { scheme: m[1], value: m[2] } : null;
}
