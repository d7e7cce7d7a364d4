// The mail suites again, against the Worker build under workerd with local D1: mail goes out through
// worker-mailer over Cloudflare's TCP sockets to the same in-process SMTP server.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./mail-moderators.test.js');
await import('./mail-preferences.test.js');
await import('./mail-delivery.test.js');
export {};
