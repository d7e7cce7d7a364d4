// The roles suites again (the route × role walk, a moderator's scope, managing moderators and
// tokens), against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./roles-walk.test.js');
await import('./roles-scope.test.js');
export {};
