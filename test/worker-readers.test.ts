// The readers' and privacy suites again, against the Worker build under workerd with local D1 (mail
// through worker-mailer over Cloudflare's TCP sockets to the same in-process SMTP server).
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./mail-readers.test.js');
await import('./privacy-requests.test.js');
await import('./retention.test.js');
await import('./subscriptions.test.js');
export {};
