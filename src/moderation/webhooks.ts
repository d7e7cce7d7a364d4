// Webhooks: events go into an outbox table in the request, and are delivered off the request
// path, signed the Standard Webhooks way, with retries and exponential back-off.
import { fromBase64Url, randomToken } from '../comments/crypto.js';
import type { AkismetComment } from '../spam/akismet.js';
import type { SpamServices } from '../spam/services.js';
import type { NewOutboxEvent, Site, Store } from '../store/types.js';

export type WebhookEventType =
  | 'comment.created'
  | 'comment.approved'
  | 'comment.spam'
  | 'comment.deleted'
  | 'comment.anonymised'
  | 'comment.reported'
  | 'comment.featured';

/** Delays before attempts 2, 3, … (the Standard Webhooks suggestion); then the event is given up. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];
const DELIVERY_TIMEOUT_MS = 10_000;
const LOCK_MS = 60_000;

export function newWebhookSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
}

const encoder = new TextEncoder();

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with the secret's base64 part as the key. */
export async function signWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const keyBytes = fromBase64Url(secret.replace(/^whsec_/, '').replace(/=+$/, ''));
  const key = await crypto.subtle.importKey('raw', keyBytes as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestamp}.${body}`)));
  return `v1,${btoa(String.fromCharCode(...mac))}`;
}

/** The outbox row of an event, for a store write that enqueues it in its own transaction; null when the site has no webhook. */
export function outboxEvent(site: Site, type: WebhookEventType, data: Record<string, unknown>, now: number): NewOutboxEvent | null {
  const url = site.settings.notify.webhook;
  if (!url) return null;
  const eventId = `msg_${randomToken()}`;
  const payload = JSON.stringify({ type, timestamp: new Date(now).toISOString(), site: site.slug, data });
  return { eventId, siteId: site.id, url, payload, createdAt: now };
}

/**
 * Outbox rows whose URL starts with this are Akismet submissions (a moderator's spam / not-spam
 * decision), sent with the site's key to PARLEY_AKISMET_URL by the same loop, with the same retries.
 */
export const AKISMET_OUTBOX_PREFIX = 'akismet:';

export interface DeliveryDeps {
  store: Store;
  now: () => number;
  /** For webhooks: refuses private addresses unless PARLEY_ALLOW_PRIVATE_HOOKS (see spam/address-policy.ts). */
  fetch: typeof fetch;
  /** Sends Akismet submissions; without it they wait in the outbox. */
  spam?: SpamServices;
}

/** Sends one Akismet submission from the outbox; throws to try again later, or GiveUp to stop. */
async function submitToAkismet(deps: DeliveryDeps, site: Site | undefined, event: { url: string; payload: string }): Promise<void> {
  const key = site?.settings.akismetKey;
  if (!key) throw new GiveUp('the site no longer has an Akismet key');
  if (!deps.spam) throw new Error('Akismet is not set up in this process');
  const kind = event.url === `${AKISMET_OUTBOX_PREFIX}submit-spam` ? 'spam' : 'ham';
  await deps.spam.submit(key, kind, JSON.parse(event.payload) as AkismetComment);
}

/** A failure no retry can mend. */
class GiveUp extends Error {}

/** Why an attempt failed, with the cause fetch wraps in "fetch failed" (a refused address, a lookup that timed out). */
function failureOf(err: unknown): string {
  if (!(err instanceof Error)) return 'delivery failed';
  const cause = err.cause instanceof Error ? err.cause.message : null;
  return cause && cause !== err.message ? `${err.message}: ${cause}` : err.message;
}

/** Sends every due event once; failures are scheduled for a later attempt. Never throws. */
export async function deliverDue(deps: DeliveryDeps, limit = 20, inFlight = new Set<number>()): Promise<number> {
  const claimed = await deps.store.claimDueWebhooks(deps.now(), limit, LOCK_MS);
  // An event whose lock ran out while this process still waits on it is not sent a second time
  // (its lock is counted on the app's clock, which tests move on by minutes between requests).
  const due = claimed.filter((event) => !inFlight.has(event.id));
  if (due.length === 0) return 0;
  // Marked before the first await, so that a second run meanwhile cannot send these again.
  for (const event of due) inFlight.add(event.id);
  let sites: Map<number, Site>;
  try {
    sites = new Map((await deps.store.listSites()).map((s) => [s.id, s]));
  } catch (err) {
    for (const event of due) inFlight.delete(event.id);
    throw err;
  }
  await Promise.all(
    due.map(async (event) => {
      const attempts = event.attempts + 1;
      try {
        if (event.url.startsWith(AKISMET_OUTBOX_PREFIX)) {
          await submitToAkismet(deps, sites.get(event.siteId), event);
          await deps.store.markWebhookDelivered(event.id, deps.now());
          return;
        }
        const secret = sites.get(event.siteId)?.webhookSecret;
        if (!secret) throw new Error('the site has no webhook secret');
        const timestamp = Math.floor(deps.now() / 1000);
        const res = await deps.fetch(event.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Parley-Webhooks/1',
            'webhook-id': event.eventId,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': await signWebhook(secret, event.eventId, timestamp, event.payload),
          },
          body: event.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) throw new Error(`the receiver answered ${res.status}`);
        await deps.store.markWebhookDelivered(event.id, deps.now());
      } catch (err) {
        const delay = err instanceof GiveUp ? undefined : RETRY_DELAYS_MS[attempts - 1];
        await deps.store
          .markWebhookFailed(event.id, attempts, delay === undefined ? null : deps.now() + delay, failureOf(err), deps.now())
          .catch(() => undefined);
      } finally {
        inFlight.delete(event.id);
      }
    }),
  );
  return due.length;
}

/**
 * The sender of one process: every call delivers what is due, and an event this process is still
 * sending is never started again in parallel. The request path and the retry timer share one.
 */
export interface WebhookDelivery {
  deliverDue: (limit?: number) => Promise<number>;
}

export function webhookDelivery(deps: DeliveryDeps): WebhookDelivery {
  const inFlight = new Set<number>();
  return { deliverDue: (limit) => deliverDue(deps, limit, inFlight) };
}
