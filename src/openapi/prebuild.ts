// Builds the OpenAPI document and the /api/docs page ahead of time (npm run build) into
// dist/assets/api-description.json, which the Worker imports: building them takes tens of
// milliseconds of CPU, more than a Workers free-plan request may spend. Node builds them on first request.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDescription } from '../http/env.js';
import { apiDescription } from '../routes/openapi.js';

export async function writeApiDescription(outDir: string): Promise<void> {
  const description: ApiDescription = await apiDescription();
  writeFileSync(join(outDir, 'api-description.json'), JSON.stringify(description));
}
