// Node's fetch for calls to URLs moderators configure (webhooks, the moderation hook): the host name is
// resolved once, every address it resolves to is checked, and the connection goes to a checked address,
// so a DNS answer that changes between the check and the connection (rebinding) cannot reach inside.
import { promises as dns, type LookupAddress } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPublicAddress, RefusedAddressError } from '../spam/address-policy.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type ConnectLookup = (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => void;

/** Every address a name resolves to (family 0: both); the system resolver unless a test passes its own. */
export type HostLookup = (hostname: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;

export interface OutboundOptions {
  /** How names are resolved (default: getaddrinfo, as dns.lookup, so /etc/hosts counts). */
  lookup?: HostLookup;
  /** How long a connection waits for its name (the lookup itself, which cannot be cancelled, may go on). */
  lookupTimeoutMs?: number;
}

const systemLookup: HostLookup = (hostname, family) => dns.lookup(hostname, { all: true, family });

/** A resolver that answers in time or not at all, and asks the system once per name however many wait. */
function boundedLookup(lookup: HostLookup, timeoutMs: number): HostLookup {
  // getaddrinfo runs on libuv's four threads and cannot be cancelled: against a resolver that does not
  // answer, every retry of every undelivered event used to add one more lookup, which starved the pool
  // (file and crypto work wait on it too) and kept the process alive long after its work was done.
  const inFlight = new Map<string, Promise<LookupAddress[]>>();
  return (hostname, family) => {
    const key = `${family}/${hostname.toLowerCase()}`;
    let answer = inFlight.get(key);
    if (!answer) {
      answer = lookup(hostname, family).finally(() => inFlight.delete(key));
      inFlight.set(key, answer);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error: NodeJS.ErrnoException = new Error(`looking up ${hostname} took longer than ${timeoutMs} ms`);
        error.code = 'ETIMEOUT';
        reject(error);
      }, timeoutMs);
      timer.unref();
    });
    return Promise.race([answer, late]).finally(() => clearTimeout(timer));
  };
}

/** A `lookup` for net.connect that answers only public addresses, and refuses the name if any is not. */
export function publicOnlyLookup(lookup: HostLookup): ConnectLookup {
  return (hostname, options, callback) => {
    const family = options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 || options.family === 'IPv4' ? 4 : 0;
    lookup(hostname, family).then(
      (addresses) => {
        const refused = addresses.find((a) => !isPublicAddress(a.address));
        const [first] = addresses;
        if (refused || !first) {
          const error: NodeJS.ErrnoException = new RefusedAddressError(`${hostname} resolves to ${refused?.address ?? 'nothing'}`);
          error.code = 'EPRIVATEADDRESS';
          return callback(error, []);
        }
        return options.all ? callback(null, addresses) : callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}

/** fetch through an undici Agent whose connections use publicOnlyLookup (or plain DNS when private hosts are allowed). */
export function nodeOutboundFetch(allowPrivate: boolean, options: OutboundOptions = {}): typeof fetch {
  if (allowPrivate) return (input, init) => fetch(input, init);
  const lookup = boundedLookup(options.lookup ?? systemLookup, options.lookupTimeoutMs ?? 5000);
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup(lookup) } });
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    // Callers pass a URL and an init (a Request object's body could not be carried over faithfully).
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('outbound fetch takes a URL, not a Request');
    const url = typeof input === 'string' ? input : input.href;
    // undici's own fetch and Agent go together (Node's built-in fetch may bundle another undici version).
    return (await undiciFetch(url, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Response;
  }) as typeof fetch;
}
