// The traces conformance plays, as the harness plays them: the scenario files (scaled to the
// harness's timeouts), the generated Cluster traces, and the generated Sentinel and replication ones.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, TraceError, type Trace } from '../model/kernel/trace.ts';
import { generated } from './generate.ts';
import { generatedStandalone } from './generate-standalone.ts';
import { scaleTrace } from './harness.ts';

const root = new URL('..', import.meta.url).pathname;

export const DEFAULT_GENERATED = 20;
export const DEFAULT_GENERATED_STANDALONE = 12;

/** A trace and where it comes from, or why its file is not a valid trace. */
export type Source = { t: Trace; source: string } | { error: string; source: string };

function scenarios(): Source[] {
  const dir = join(root, 'scenarios');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const source = `scenarios/${f}`;
    try { return { t: scaleTrace(parseTrace(JSON.parse(readFileSync(join(dir, f), 'utf8')))), source }; } catch (e) {
      return { error: e instanceof TraceError ? e.problems.join('; ') : (e as Error).message, source };
    }
  });
}

/** Every trace of a conformance run with `nGen` generated Cluster traces and `nStd` standalone ones. */
export function conformanceTraces(nGen = DEFAULT_GENERATED, nStd = DEFAULT_GENERATED_STANDALONE): Source[] {
  return [
    ...scenarios(),
    ...generated(nGen).map((t) => ({ t, source: 'properties/generators.ts (conformance/generate.ts)' })),
    ...generatedStandalone(nStd).map((t) => ({ t: scaleTrace(t), source: 'conformance/generate-standalone.ts' })),
  ];
}
