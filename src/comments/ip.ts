// IP addresses are only ever stored anonymised: IPv4 to its /24, IPv6 to its /48.

export function anonymiseIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  let address = ip.trim();
  // IPv4-mapped IPv6 (::ffff:1.2.3.4) is an IPv4 client.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const parts = v4.slice(1, 4).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return `${parts.join('.')}.0`;
  }
  if (/^[0-9a-f:]+$/i.test(address) && address.includes(':')) {
    const groups = expandIpv6(address);
    if (!groups) return null;
    return `${groups.slice(0, 3).join(':')}::`;
  }
  return null;
}

function expandIpv6(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * The client's address: the socket peer, or, when `trustedProxies` reverse proxies sit in front,
 * the address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, since a
 * client can put anything on the left).
 */
export function clientAddress(socketAddress: string | null, forwardedFor: string | undefined, trustedProxies: number): string | null {
  if (trustedProxies <= 0 || !forwardedFor) return socketAddress;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  const index = hops.length - trustedProxies;
  return index >= 0 ? (hops[index] ?? socketAddress) : (hops[0] ?? socketAddress);
}
