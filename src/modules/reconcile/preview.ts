import type { findOrganizationRow } from '../organizations/head.js';

type Row = NonNullable<ReturnType<typeof findOrganizationRow>>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The preview an OpenRefine cell shows on hover: names, country, aliases, a link. Every value escaped. */
export function previewHtml(row: Row, base: string): string {
  const line = (label: string, value: string | null) => (value ? `<div><b>${label}</b> ${escape(value)}</div>` : '');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(row.name)}</title>
<style>body{font:13px/1.4 system-ui,sans-serif;margin:6px}h1{font-size:15px;margin:0 0 4px}a{color:#05c}</style></head>
<body><h1>${escape([row.abbreviation, row.name].filter(Boolean).join(' '))}</h1>
${line('English:', row.nameEn)}${line('Country:', row.country)}${line('Also:', row.aliases.join('; ') || null)}${row.deletedAt ? '<div><b>Deleted</b></div>' : ''}
<div><a href="${escape(`${base}/v1/organizations/${encodeURIComponent(row.id)}`)}" target="_blank" rel="noopener">${escape(row.id)}</a></div>
</body></html>
`;
}
