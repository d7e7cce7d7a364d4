// The moderation API suites again, against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./admin-auth.test.js');
await import('./admin-queue.test.js');
await import('./search-index.test.js');
await import('./webhooks.test.js');
await import('./webhooks-atomic.test.js');
export {};
