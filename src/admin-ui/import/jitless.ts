// Imported first by the Import page's script: zod's JIT compiles validators with `new Function`,
// which the admin pages' CSP (no 'unsafe-eval') refuses and reports; the interpreter is fast enough.
import { config } from 'zod';

config({ jitless: true });
