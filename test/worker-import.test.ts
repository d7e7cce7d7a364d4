// The import API suite again, against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./import.test.js');
export {};
