// Turning the configuration into a Mailer (or none), the same for both entries: each passes its own transport.
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import { createMailer, type Mailer } from './mailer.js';
import { describeSmtp, parseSmtpUrl, type MailTransport } from './transport.js';

/** The base of links in mail, without a trailing slash. */
export function publicUrlOf(config: Config): string {
  return (config.PARLEY_PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

export function mailerFromConfig(options: {
  config: Config;
  store: Store;
  secret: string;
  now: () => number;
  log: (line: string) => void;
  transport: (smtpUrl: string) => MailTransport;
}): Mailer | null {
  const { config, log } = options;
  if (!config.PARLEY_SMTP_URL || !config.PARLEY_MAIL_FROM) {
    log('Mail is off: set PARLEY_SMTP_URL and PARLEY_MAIL_FROM to send mail (see docs/email.md).');
    return null;
  }
  const publicUrl = publicUrlOf(config);
  log(`Mail goes out through ${describeSmtp(parseSmtpUrl(config.PARLEY_SMTP_URL))}; links in mail point to ${publicUrl}.`);
  return createMailer({
    store: options.store,
    transport: options.transport(config.PARLEY_SMTP_URL),
    from: config.PARLEY_MAIL_FROM,
    publicUrl,
    secret: options.secret,
    now: options.now,
    retryMs: config.PARLEY_MAIL_RETRY_SECONDS * 1000,
    maxAttempts: config.PARLEY_MAIL_MAX_ATTEMPTS,
    log,
  });
}
