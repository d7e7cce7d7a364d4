// The outbound calls of one process, built once from the configuration: a fetch for addresses
// moderators configure (refusing private ones unless allowed), and the spam services over it.
import type { Config } from '../config.js';
import { guardedFetch } from './address-policy.js';
import { createSpamServices, type SpamServices } from './services.js';

export interface Outbound {
  /** For webhooks and the moderation hook. */
  fetch: typeof fetch;
  spam: SpamServices;
}

/**
 * `base` is a plain fetch (Akismet, whose address the operator configures); `resolving` is the
 * runtime's fetch that checks resolved addresses too (Node); both default to the global fetch.
 */
export function outbound(config: Config, base?: typeof fetch, resolving?: typeof fetch): Outbound {
  // Workers refuse a detached `fetch` (Illegal invocation), so it is always called through a closure.
  const plain: typeof fetch = base ?? ((input, init) => fetch(input, init));
  const guarded = guardedFetch(resolving ?? plain, config.PARLEY_ALLOW_PRIVATE_HOOKS);
  return {
    fetch: guarded,
    spam: createSpamServices({
      akismet: { baseUrl: config.PARLEY_AKISMET_URL, timeoutMs: config.PARLEY_AKISMET_TIMEOUT_MS },
      fetch: plain,
      outboundFetch: guarded,
    }),
  };
}
