/**
 * The routes measured against the server, and what each is compared with. This list is the
 * place to edit when an endpoint changes shape (paging, ETags, new query parameters).
 */
import type { MainData } from './data.js';
import type { Endpoint, RouteSpec } from './reads.js';
import { SEARCH_WORD } from './names.js';

export const mainReadPath = (data: MainData) => `/v1/statements/${data.sampleId}/signatories`;

export const THROUGH_VARNISH = 'main read through Varnish';

/**
 * The main read comes first. `etag` is what a first main read sent, if anything; `varnish` the
 * cache in front of the server (deploy/varnish/default.vcl), or why there is none.
 */
export function readRoutes(data: MainData, etag: string | null, varnish: Endpoint | string): RouteSpec[] {
  const list = mainReadPath(data);
  const knownAt = encodeURIComponent(data.knownAt);
  return [
    { label: 'main read (31 signatories)', path: list, peer: 'static', extraPeers: ['bytes', 'list'] },
    typeof varnish === 'string'
      ? { label: THROUGH_VARNISH, path: list, skip: varnish }
      : { label: THROUGH_VARNISH, path: list, peer: 'static', front: varnish },
    { label: 'as-of read', path: `${list}?asOf=2022-01-21`, peer: 'static' },
    { label: 'knownAt read', path: `${list}?asOf=2022-01-21&knownAt=${knownAt}`, peer: 'static' },
    etag
      ? {
          label: 'repeat read (If-None-Match)',
          path: list,
          headers: { 'if-none-match': etag },
          peer: 'static',
          expect: 304,
        }
      : { label: 'repeat read (If-None-Match)', path: list, skip: 'not measured: the list read sends no ETag' },
    {
      label: 'diff',
      path: `/v1/statements/${data.diff.statementId}/signatories/diff?from=${data.diff.from}&to=${data.diff.to}`,
      peer: 'diff',
    },
    {
      label: 'organization signatures',
      path: `/v1/organizations/${data.organizationId}/signatures?asOf=2022-06-30`,
      peer: 'org',
    },
    { label: `organization search q=${SEARCH_WORD}`, path: `/v1/organizations?q=${SEARCH_WORD}`, peer: 'search' },
    { label: '/health', path: '/health' },
  ];
}
