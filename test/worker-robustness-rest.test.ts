// Naughty strings, property-based and malformed input again, against the Worker under workerd with
// local D1: the part "rest" of robustness.test.ts (the parts run in parallel; see that file).
process.env.PARLEY_TEST_TARGET = 'worker';
process.env.PARLEY_ROBUSTNESS_PART = 'rest';
await import('./robustness.test.js');
export {};
