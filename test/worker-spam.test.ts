// Akismet and the moderation hook again, against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./spam.test.js');
await import('./spam-order.test.js');
await import('./ssrf.test.js');
export {};
