// The Workers MailTransport: SMTP over Cloudflare's TCP sockets (cloudflare:sockets) with
// worker-mailer, from the same PARLEY_SMTP_URL. Only the Worker bundle imports this file.
import { WorkerMailer } from 'worker-mailer';
import { parseAddress, parseSmtpUrl, type MailTransport } from '../mail/transport.js';

export function workerMailerTransport(smtpUrl: string): MailTransport {
  const smtp = parseSmtpUrl(smtpUrl);
  return {
    async send(mail) {
      // A connection per mail: a Worker invocation is short, and the sender sends few at a time.
      await WorkerMailer.send(
        {
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          startTls: !smtp.secure,
          credentials: smtp.user !== null ? { username: smtp.user, password: smtp.password ?? '' } : undefined,
          authType: ['plain', 'login'],
          socketTimeoutMs: 10_000,
          responseTimeoutMs: 30_000,
          // worker-mailer's own logging names recipients; Parley logs failures itself.
          logLevel: 4,
        },
        { from: parseAddress(mail.from), to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers },
      );
    },
  };
}
