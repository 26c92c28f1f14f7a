// npm run schema: writes schema/trace.schema.json from the zod schema (test/schema.test.ts fails while it is stale).
import { join } from 'node:path';
import { EXIT, parseCli, runMain } from '../cli/args.ts';
import { writeFileAtomic } from '../lib/files.ts';
import { schemaText } from './json-schema.ts';

export const SCHEMA_FILE = join(import.meta.dirname, 'trace.schema.json');

await runMain(() => {
  parseCli({ usage: 'npm run schema', about: 'Writes schema/trace.schema.json, the JSON Schema of a trace, from model/kernel/trace.ts.', options: {} });
  writeFileAtomic(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  return EXIT.ok;
});
