'use strict';
// cookie 2's stringifySetCookie(cookie, options): a Set-Cookie header value from
// { name, value, maxAge, domain, path, expires, httpOnly, secure, partitioned, priority, sameSite },
// checked as RFC 6265 §4.1.1 requires. light-my-request calls only this (lib/cookies.js).

const NAME = /^[\u0021-\u003A\u003C\u003E-\u007E]+$/;
const VALUE = /^[\u0021-\u003A\u003C-\u007E]*$/;
const DOMAIN = /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PATH = /^[\u0020-\u003A\u003D-\u007E]*$/;

function stringifySetCookie(cookie, options) {
  const encode = (options && options.encode) || encodeURIComponent;
  if (!NAME.test(cookie.name)) throw new TypeError(`cookie name is invalid: ${cookie.name}`);
  const value = cookie.value == null ? '' : encode(cookie.value);
  if (!VALUE.test(value)) throw new TypeError(`cookie value is invalid: ${cookie.value}`);
  let out = `${cookie.name}=${value}`;
  if (cookie.maxAge !== undefined) {
    if (!Number.isSafeInteger(cookie.maxAge)) throw new TypeError(`cookie maxAge is invalid: ${cookie.maxAge}`);
    out += `; Max-Age=${cookie.maxAge}`;
  }
  if (cookie.domain) {
    if (!DOMAIN.test(cookie.domain)) throw new TypeError(`cookie domain is invalid: ${cookie.domain}`);
    out += `; Domain=${cookie.domain}`;
  }
  if (cookie.path) {
    if (!PATH.test(cookie.path)) throw new TypeError(`cookie path is invalid: ${cookie.path}`);
    out += `; Path=${cookie.path}`;
  }
  if (cookie.expires) {
    if (!(cookie.expires instanceof Date) || Number.isNaN(cookie.expires.valueOf())) throw new TypeError(`cookie expires is invalid: ${cookie.expires}`);
    out += `; Expires=${cookie.expires.toUTCString()}`;
  }
  if (cookie.httpOnly) out += '; HttpOnly';
  if (cookie.secure) out += '; Secure';
  if (cookie.partitioned) out += '; Partitioned';
  if (cookie.priority) out += `; Priority=${cookie.priority.charAt(0).toUpperCase()}${cookie.priority.slice(1).toLowerCase()}`;
  if (cookie.sameSite) {
    const same = cookie.sameSite === true ? 'Strict' : `${String(cookie.sameSite).charAt(0).toUpperCase()}${String(cookie.sameSite).slice(1).toLowerCase()}`;
    out += `; SameSite=${same}`;
  }
  return out;
}

module.exports = { stringifySetCookie };
