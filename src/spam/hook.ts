// The external moderation hook (Coral's "external moderation"): a new or edited comment is POSTed,
// signed the Standard Webhooks way, to the site's classifier, whose answer decides within a timeout.
import { z } from 'zod';
import { randomToken } from '../comments/crypto.js';
import { signWebhook } from '../moderation/webhooks.js';

export const hookVerdicts = ['approve', 'hold', 'spam', 'reject'] as const;

/** What the hook answers. Reasons are short words shown in the queue (stored as `hook:<reason>`). */
export const hookAnswerSchema = z.object({
  verdict: z.enum(hookVerdicts),
  reasons: z
    .array(z.string().max(200))
    .max(20)
    .default([])
    .transform((reasons) =>
      reasons
        // Control characters and extra spaces out; each reason is one short line.
        .map((r) => r.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80))
        .filter((r) => r !== '')
        .slice(0, 5),
    ),
});

export type HookAnswer = z.infer<typeof hookAnswerSchema>;

export interface HookSettings {
  url: string;
  secret: string;
  timeoutMs: number;
}

export interface HookCall {
  type: 'comment.created' | 'comment.edited';
  site: string;
  now: number;
  /** The comment as the hook sees it (no IP: the hook is told the anonymised one only). */
  comment: Record<string, unknown>;
}

/** Asks the hook; `error` for anything but a valid answer in time (timeout, non-2xx, redirect, bad JSON). */
export async function askHook(fetcher: typeof fetch, hook: HookSettings, call: HookCall): Promise<HookAnswer | 'error'> {
  try {
    const id = `msg_${randomToken()}`;
    const timestamp = Math.floor(call.now / 1000);
    const body = JSON.stringify({ type: call.type, timestamp: new Date(call.now).toISOString(), site: call.site, data: { comment: call.comment } });
    const res = await fetcher(hook.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'User-Agent': 'Parley-Moderation-Hook/1',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signWebhook(hook.secret, id, timestamp, body),
      },
      body,
      // A redirect is a failure, never followed: it could point anywhere, private addresses included.
      redirect: 'manual',
      signal: AbortSignal.timeout(hook.timeoutMs),
    });
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => undefined);
      return 'error';
    }
    const text = await res.text();
    if (text.length > 16_384) return 'error';
    const parsed = hookAnswerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'error';
  } catch {
    return 'error';
  }
}
