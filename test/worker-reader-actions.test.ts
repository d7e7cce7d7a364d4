// Readers' reports, reactions and featured comments again, against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./reports.test.js');
await import('./reactions.test.js');
export {};
