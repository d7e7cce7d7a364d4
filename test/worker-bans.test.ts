// The bans and author-history suites again, against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./bans.test.js');
await import('./author-history.test.js');
export {};
