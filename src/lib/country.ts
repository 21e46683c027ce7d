import countries from 'i18n-iso-countries';

/** ISO 3166-1 alpha-2, checked against i18n-iso-countries' maintained list. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.getAlpha2Codes()[code] !== undefined;
}
