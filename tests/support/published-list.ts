/** A small document around an issuer line, a signatories header and entry lines. */
export function smallDocument(issuerLine: string, header: string, ...entries: string[]): string {
  return [issuerLine, '', 'A title', '', 'Body text.', '', header, '', ...entries].join('\n');
}
