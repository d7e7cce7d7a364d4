// Node's fetch for calls to URLs moderators configure (webhooks, the moderation hook): the host name is
// resolved once, every address it resolves to is checked, and the connection goes to a checked address,
// so a DNS answer that changes between the check and the connection (rebinding) cannot reach inside.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPublicAddress, RefusedAddressError } from '../spam/address-policy.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that answers only public addresses, and refuses the name if any is not. */
export function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true, family: options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 || options.family === 'IPv4' ? 4 : 0 }, (err, addresses) => {
    if (err) return callback(err, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) {
      const error: NodeJS.ErrnoException = new RefusedAddressError(`${hostname} resolves to ${refused?.address ?? 'nothing'}`);
      error.code = 'EPRIVATEADDRESS';
      return callback(error, []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return first ? callback(null, first.address, first.family) : callback(new RefusedAddressError(`${hostname} resolves to nothing`), []);
  });
}

/** fetch through an undici Agent whose connections use publicOnlyLookup (or plain DNS when private hosts are allowed). */
export function nodeOutboundFetch(allowPrivate: boolean): typeof fetch {
  if (allowPrivate) return (input, init) => fetch(input, init);
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup } });
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    // Callers pass a URL and an init (a Request object's body could not be carried over faithfully).
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('outbound fetch takes a URL, not a Request');
    const url = typeof input === 'string' ? input : input.href;
    // undici's own fetch and Agent go together (Node's built-in fetch may bundle another undici version).
    return (await undiciFetch(url, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Response;
  }) as typeof fetch;
}
