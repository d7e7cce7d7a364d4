// Naughty strings, property-based and malformed input again, against the Worker under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./robustness.test.js');
export {};
