// The Node MailTransport: nodemailer over SMTP, from PARLEY_SMTP_URL.
import nodemailer from 'nodemailer';
import type { MailTransport } from '../mail/transport.js';

export function nodemailerTransport(smtpUrl: string): MailTransport & { close(): void } {
  // A connection per mail (mail is rare, and no idle connection outlives a restarted server); short
  // timeouts, so a dead server fails an attempt (retried later) instead of holding the sender.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
    },
    close: () => transporter.close(),
  };
}
