import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. By default only to public unicast addresses: not loopback, private
 * (RFC 1918), link-local, unique-local (fc00::/7), carrier-grade NAT, multicast, reserved… A
 * subscriber must not be able to make the server call into its own network (SSRF).
 * WEBHOOK_ALLOW_PRIVATE=true lifts this (tests, closed networks).
 */

/** Why the address may not be a webhook target, or null when it may (public unicast). */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it maps.
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/**
 * Why the URL may not be a webhook target, judged before any lookup: its host is an IP literal
 * that is refused, or a name that means this machine. Names are checked again, resolved, at each
 * delivery (guardedLookup).
 */
export function refusedUrl(url: URL, allowPrivate: boolean): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http(s) URL, not ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials: the signature authenticates deliveries';
  if (allowPrivate) return null;
  // WHATWG URL parsing has already normalized the host: 127.1 and 0x7f.0.0.1 are 127.0.0.1 here.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) {
    const refused = refusedAddress(host);
    return refused === null ? null : `must not point into a private network: ${refused}`;
  }
  const name = host.replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return `must not point into a private network: ${host} is this machine`;
  return null;
}

/**
 * A `lookup` for node:http(s) that resolves the name and refuses the connection when any of its
 * addresses is refused. The connection goes to an address this check saw, so a name that
 * resolves to a public address when checked and a private one a moment later (DNS rebinding)
 * gains nothing. IP literals skip lookups: refusedUrl judges those.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.map((a) => refusedAddress(a.address)).find((reason) => reason !== null);
    if (refused !== undefined) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${refused}`), { code: 'EUNSAFETARGET' }), '');
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, addresses);
    return callback(null, first.address, first.family);
  });
};
