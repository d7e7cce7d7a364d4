// Naughty strings, property-based and malformed input again, against the Worker under workerd with
// local D1: the part "form-2" of robustness.test.ts (the parts run in parallel; see that file).
process.env.PARLEY_TEST_TARGET = 'worker';
process.env.PARLEY_ROBUSTNESS_PART = 'form-2';
await import('./robustness.test.js');
export {};
