// How a mail leaves Parley: one interface, injected into createApp like the store. Node passes
// nodemailer over SMTP (src/node/smtp.ts), Workers an SMTP client over Cloudflare's TCP sockets
// (src/workers/smtp.ts). Tests use the Node one against a real SMTP server.

/** One rendered mail to exactly one recipient. */
export interface OutgoingMail {
  /** `Name <address>` or an address (PARLEY_MAIL_FROM). */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers: Record<string, string>;
}

export interface MailTransport {
  /** Resolves once the SMTP server accepted the mail; rejects with a reason otherwise. */
  send(mail: OutgoingMail): Promise<void>;
}

/** The parts of PARLEY_SMTP_URL every SMTP client needs. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
}

export function parseSmtpUrl(value: string): SmtpSettings {
  const url = new URL(value);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}

/** What a log line may say about the SMTP server: host and port, never the credentials. */
export function describeSmtp(settings: SmtpSettings): string {
  return `${settings.secure ? 'smtps' : 'smtp'}://${settings.host}:${settings.port}`;
}

/** `Name <address>` or `address` as its two parts (PARLEY_MAIL_FROM is checked to be one of the two). */
export function parseAddress(value: string): { name?: string; email: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (!match?.[2]) return { email: value.trim() };
  const name = (match[1] ?? '').replace(/^"|"$/g, '');
  return name ? { name, email: match[2] } : { email: match[2] };
}
