// A small Akismet client (https://akismet.com/developers/): each call is one form-encoded POST, so
// plain fetch does it on Node and Workers alike, with the endpoint set per call (tests use a local
// server). No package: the whole protocol is these few lines, and this surely runs on Workers.

/** What Akismet says of a new comment; `error` when it could not say (timeout, 5xx, invalid key…). */
export type AkismetAnswer = 'spam' | 'ham' | 'discard' | 'error';

/** The comment fields Akismet reads, in its own names (empty values are left out of the form). */
export interface AkismetComment {
  blog: string;
  user_ip: string;
  user_agent: string;
  referrer?: string;
  permalink?: string;
  comment_type: 'comment' | 'reply';
  comment_author: string;
  comment_author_email: string;
  comment_author_url?: string;
  comment_content: string;
  comment_date_gmt: string;
  blog_lang?: string;
  blog_charset?: string;
}

export interface AkismetOptions {
  /** Base URL, `https://rest.akismet.com` unless configured (tests point it at a local server). */
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  userAgent?: string;
}

export type AkismetCall = 'comment-check' | 'submit-spam' | 'submit-ham' | 'verify-key';

/** One POST to /1.1/{call}; answers Akismet's body and pro-tip header, or throws on a transport failure or non-2xx. */
export async function akismetPost(
  options: AkismetOptions,
  call: AkismetCall,
  fields: Record<string, string | undefined>,
): Promise<{ body: string; proTip: string | null; debugHelp: string | null }> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.set(name, value);
  const res = await options.fetch(`${options.baseUrl.replace(/\/+$/, '')}/1.1/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': options.userAgent ?? 'Parley/1 | Akismet-client/1' },
    body: form.toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const body = (await res.text()).trim();
  if (res.status < 200 || res.status >= 300) throw new Error(`Akismet answered ${res.status}`);
  return { body, proTip: res.headers.get('X-akismet-pro-tip'), debugHelp: res.headers.get('X-akismet-debug-help') };
}

/** comment-check: "true" is spam ("discard" with the pro-tip), "false" ham; anything else (e.g. "invalid") is an error. */
export async function checkComment(options: AkismetOptions, key: string, comment: AkismetComment): Promise<AkismetAnswer> {
  try {
    const { body, proTip } = await akismetPost(options, 'comment-check', { api_key: key, ...comment });
    if (body === 'true') return proTip?.trim().toLowerCase() === 'discard' ? 'discard' : 'spam';
    if (body === 'false') return 'ham';
    return 'error';
  } catch {
    return 'error';
  }
}

/** submit-spam / submit-ham: throws unless Akismet thanked us, so the outbox tries again later. */
export async function submitComment(options: AkismetOptions, key: string, kind: 'spam' | 'ham', comment: AkismetComment): Promise<void> {
  const { body } = await akismetPost(options, kind === 'spam' ? 'submit-spam' : 'submit-ham', { api_key: key, ...comment });
  if (!body.startsWith('Thanks')) throw new Error(`Akismet did not take the submission (${body.slice(0, 40)})`);
}

/** verify-key: `valid`, `invalid`, or `error` when Akismet could not be asked. */
export async function verifyKey(options: AkismetOptions, key: string, blog: string): Promise<'valid' | 'invalid' | 'error'> {
  try {
    const { body } = await akismetPost(options, 'verify-key', { api_key: key, blog });
    return body === 'valid' ? 'valid' : body === 'invalid' ? 'invalid' : 'error';
  } catch {
    return 'error';
  }
}
