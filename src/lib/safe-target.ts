import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where the server may call out to (webhooks, watched sources). By default only to public unicast
 * addresses (an IPv6 address that embeds an IPv4 one judged by that IPv4 address): not loopback,
 * private (RFC 1918), link-local, unique-local (fc00::/7), carrier-grade NAT, multicast,
 * reserved… A subscriber or an editor must not be able to make the server call into its own
 * network (SSRF). OUTBOUND_ALLOW_PRIVATE=true (or WEBHOOK_ALLOW_PRIVATE) lifts this (tests,
 * closed networks).
 */

/**
 * The IPv4 addresses an IPv6 address stands for, where it embeds one: traffic to it reaches that
 * IPv4 host (through the kernel, a NAT64 gateway, a 6to4 or Teredo relay), so it is judged as that
 * host. Null for an IPv6 address that embeds none.
 */
function embeddedIpv4(address: ipaddr.IPv6): { form: string; hosts: ipaddr.IPv4[] } | null {
  const bytes = address.toByteArray();
  const v4 = (at: number, flip = 0) => new ipaddr.IPv4(bytes.slice(at, at + 4).map((b) => b ^ flip));
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const words = address.parts;
  // ::a.b.c.d (IPv4-compatible), ::ffff:a.b.c.d (IPv4-mapped), ::ffff:0:a.b.c.d (IPv4-translated).
  if (zeros(0, 12)) return { form: 'IPv4-compatible', hosts: [v4(12)] };
  if (zeros(0, 10) && words[5] === 0xffff) return { form: 'IPv4-mapped', hosts: [v4(12)] };
  if (zeros(0, 8) && words[4] === 0xffff && words[5] === 0) return { form: 'IPv4-translated', hosts: [v4(12)] };
  // NAT64's well-known prefix 64:ff9b::/96 (RFC 6052).
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(4, 12)) return { form: 'NAT64', hosts: [v4(12)] };
  // 6to4 (2002:AABB:CCDD::/48) and Teredo (2001:0:server:…:~client; both are routed to).
  if (words[0] === 0x2002) return { form: '6to4', hosts: [v4(2)] };
  if (words[0] === 0x2001 && words[1] === 0) return { form: 'Teredo', hosts: [v4(4), v4(12, 0xff)] };
  return null;
}

/** Why the address may not be called, or null when it may (public unicast). */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  if (ipaddr.parse(address).kind() === 'ipv4') {
    const range = ipaddr.IPv4.parse(address).range();
    return range === 'unicast' ? null : `${address} is a ${range} address`;
  }
  const v6 = ipaddr.IPv6.parse(address);
  const range = v6.range();
  if (range === 'loopback' || range === 'unspecified') return `${address} is a ${range} address`;
  // NAT64's local-use prefix (RFC 8215) leads into the operator's own network, whatever it embeds.
  if (v6.match(ipaddr.IPv6.parse('64:ff9b:1::'), 48)) return `${address} is in NAT64's local-use prefix 64:ff9b:1::/48`;
  const embedded = embeddedIpv4(v6);
  if (embedded) {
    const refused = embedded.hosts.find((host) => host.range() !== 'unicast');
    return refused === undefined
      ? null
      : `${address} (${embedded.form}) reaches ${refused.toString()}, a ${refused.range()} address`;
  }
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/**
 * Hosts named in OUTBOUND_ALLOW_HOSTS (`host` or `host:port`) are called even when private: an
 * intranet page one means to watch, without opening every private address.
 */
export function isAllowedHost(url: URL, allowHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return allowHosts.some(
    (allowed) => allowed.toLowerCase() === host || allowed.toLowerCase() === url.host.toLowerCase(),
  );
}

/**
 * Why the URL may not be called, judged before any lookup: its host is an IP literal
 * that is refused, or a name that means this machine. Names are checked again, resolved, at each
 * delivery (guardedLookup).
 */
export function refusedUrl(url: URL, allowPrivate: boolean, allowHosts: readonly string[] = []): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http(s) URL, not ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials (user:password@)';
  if (allowPrivate || isAllowedHost(url, allowHosts)) return null;
  // WHATWG URL parsing has already normalized the host: 127.1 and 0x7f.0.0.1 are 127.0.0.1 here.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) {
    const refused = refusedAddress(host);
    return refused === null ? null : `must not point into a private network: ${refused}`;
  }
  const name = host.replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost'))
    return `must not point into a private network: ${host} is this machine`;
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
    if (refused !== undefined)
      return callback(
        Object.assign(new Error(`refused: ${hostname} resolves to ${refused}`), { code: 'EUNSAFETARGET' }),
        '',
      );
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, addresses);
    return callback(null, first.address, first.family);
  });
};
