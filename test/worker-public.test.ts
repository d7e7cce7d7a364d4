// The public API suites again, against the Worker build under workerd with local D1.
process.env.PARLEY_TEST_TARGET = 'worker';
await import('./post.test.js');
await import('./thread.test.js');
await import('./thread-page.test.js');
await import('./thread-page-orders.test.js');
await import('./thread-fresh.test.js');
await import('./form.test.js');
await import('./xss.test.js');
await import('./health.test.js');
await import('./openapi-responses.test.js');
await import('./quiet-hours-http.test.js');
export {};
