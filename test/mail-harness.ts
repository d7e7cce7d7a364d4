// A real SMTP server inside the test process (smtp-server), every message read back with mailparser.
// Tests point Parley at `smtp.url` and then look at what arrived: envelope, headers, text, html, links.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './server.js';

export const SMTP_USER = 'parley-test';
export const SMTP_PASSWORD = 'smtp-test-password';

export interface ReceivedMail {
  /** SMTP envelope: MAIL FROM and every RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The message as it came over the wire. */
  raw: string;
  parsed: ParsedMail;
  /** Addresses in the From header. */
  from: string[];
  /** Addresses in To, Cc and Bcc headers together. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header values by lowercased name, as text. */
  header(name: string): string | undefined;
  /** Every http(s) URL in the text part and every href in the HTML part (deduplicated, in order). */
  links: string[];
}

export interface SmtpHarness {
  port: number;
  /** `smtp://user:password@127.0.0.1:port` for PARLEY_SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the first `count` messages once that many arrived; rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>;
  /** Forgets the messages received so far. */
  clear(): void;
  stop(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()).filter((x) => x !== ''));
}

function linksOf(text: string, html: string): string[] {
  const found = [...text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((m) => m[0]);
  for (const m of html.matchAll(/href="([^"]*)"/g)) found.push((m[1] ?? '').replace(/&amp;/g, '&'));
  return [...new Set(found)];
}

/**
 * Starts the server; `port` reuses one (to bring a stopped server "back"). `rejectRecipients` refuses
 * every recipient the way Postfix does, quoting the address in its answer.
 */
export async function startSmtp(options: { port?: number; rejectRecipients?: boolean } = {}): Promise<SmtpHarness> {
  const port = options.port ?? (await freePort());
  const messages: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    // No TLS in the test (a self-signed STARTTLS would only test certificates), so AUTH goes in the clear here.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.rejectRecipients) return callback();
      const refusal = Object.assign(new Error(`<${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 });
      return callback(refusal);
    },
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const text = parsed.text ?? '';
            const html = typeof parsed.html === 'string' ? parsed.html : '';
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
              raw,
              parsed,
              from: addresses(parsed.from),
              to: [...addresses(parsed.to), ...addresses(parsed.cc), ...addresses(parsed.bcc)],
              subject: parsed.subject ?? '',
              text,
              html,
              header: (name) => {
                const line = parsed.headerLines.find((h) => h.key === name.toLowerCase());
                return line ? line.line.slice(line.line.indexOf(':') + 1).trim() : undefined;
              },
              links: linksOf(text, html),
            });
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error('unparseable message')));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const waitFor = async (count: number, ms = 10_000): Promise<ReceivedMail[]> => {
    const deadline = Date.now() + ms;
    while (messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} mails, got ${messages.length}: ${messages.map((m) => m.subject).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return messages.slice(0, count);
  };

  return {
    port,
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    messages,
    waitFor,
    clear: () => void messages.splice(0),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
