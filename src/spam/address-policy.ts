// Which addresses Parley may call (webhooks, the moderation hook): public unicast only, so a
// moderator's URL cannot reach the host's own services, a cloud metadata endpoint or a private network.
import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address (v4 or v6 text) is public unicast. Loopback, private, link-local, CGNAT,
 * multicast, unspecified, reserved, documentation and benchmarking ranges are not; an IPv4-mapped
 * IPv6 address is judged as the IPv4 address it carries; NAT64, 6to4 and Teredo (which embed an IPv4
 * address some gateway would reach) are refused outright. Anything that does not parse is refused.
 */
export function isPublicAddress(address: string): boolean {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // Zone ids (fe80::1%eth0) only ever appear on link-local addresses.
  if (text.includes('%') || !ipaddr.isValid(text)) return false;
  // isValid also accepts old forms (0x7f.1, 2130706433); only the four-part decimal form is an IPv4 literal here.
  if (ipaddr.IPv4.isValid(text) && !ipaddr.IPv4.isValidFourPartDecimal(text)) return false;
  return ipaddr.process(text).range() === 'unicast';
}

/** Host names that mean this machine whatever DNS says. */
const LOCAL_NAMES = /(^|\.)localhost\.?$|^localhost\.localdomain\.?$|^ip6-(localhost|loopback)$/i;

/**
 * Why a URL may not be called, judged from the URL alone (null: it may, as far as its text tells;
 * on Node the addresses its name resolves to are checked again at connection time).
 */
export function refusedUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https are called';
  // WHATWG URL parsing already turned 0x7f.1 and 2130706433 into 127.0.0.1, and keeps IPv6 in brackets.
  const host = parsed.hostname;
  if (LOCAL_NAMES.test(host)) return `${host} is this machine`;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (ipaddr.isValid(literal) && (literal.includes(':') || /^[0-9.]+$/.test(literal)) && !isPublicAddress(literal)) {
    return `${literal} is a private, loopback or reserved address`;
  }
  return null;
}

/** The message of every refusal, so logs and the outbox say why nothing was sent. */
export class RefusedAddressError extends Error {
  constructor(reason: string) {
    super(`refused to call a private address: ${reason} (set PARLEY_ALLOW_PRIVATE_HOOKS=true to allow it)`);
    this.name = 'RefusedAddressError';
  }
}

/** Wraps a fetch so that it refuses URLs whose host is a private literal or `localhost` (all runtimes). */
export function guardedFetch(base: typeof fetch, allowPrivate: boolean): typeof fetch {
  if (allowPrivate) return base;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const reason = refusedUrl(url);
    if (reason !== null) throw new RefusedAddressError(reason);
    return base(input, init);
  };
}
