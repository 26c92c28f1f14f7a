// The shape of audit/claims.json, validated with a clear error naming the claim and the field.
import { z } from 'zod';
import { MEASURES } from './measures.ts';
import { RULES } from './rules.ts';

const measureName = z.string().refine((m) => m in MEASURES, { message: `unknown measure (known: ${Object.keys(MEASURES).join(', ')})` });

/** One predicate over a run: `measure(args) op value`. '~' is "about": within `tolerance` (relative, default 0.1). */
export const Pred = z.object({
  measure: measureName,
  node: z.string().optional(),
  shard: z.string().optional(),
  from: z.number().optional(),
  to: z.number().optional(),
  error: z.string().optional(),
  /** Sentinel measures: the Sentinel timeline event and the instance it is about. */
  event: z.string().optional(),
  about: z.string().optional(),
  op: z.enum(['==', '!=', '<=', '>=', '<', '>', '~']),
  value: z.union([z.number(), z.boolean(), z.string(), z.null()]),
  tolerance: z.number().positive().optional(),
  /** What this part of the claim says, in a few words (shown in the report). */
  says: z.string().min(3),
}).strict();
export type Pred = z.infer<typeof Pred>;

export const PropertyRef = z.object({
  property: z.string(),
  /** supports: the property holding confirms the claim; contradicts: the property holding refutes it. */
  polarity: z.enum(['supports', 'contradicts']),
  says: z.string().min(3),
}).strict();
export type PropertyRef = z.infer<typeof PropertyRef>;

export const Check = z.union([
  z.object({ trace: z.array(Pred).min(1) }).strict(),
  z.object({ properties: z.array(PropertyRef).min(1) }).strict(),
  z.object({ rule: z.string().refine((r) => r in RULES, { message: 'unknown rule (see audit/rules.ts)' }) }).strict(),
  z.object({ notModelled: z.string().min(10) }).strict(),
]);
export type Check = z.infer<typeof Check>;

export const Claim = z.object({
  id: z.string().regex(/^(000|001|003)-[\w.-]+$/),
  file: z.enum(['000', '001', '003']),
  section: z.string().min(1),
  quote: z.string().min(1),
  gloss: z.string().min(1),
  topic: z.string(),
  checkable: z.enum(['trace', 'property', 'rule', 'not-modelled']),
  scenario: z.record(z.string(), z.unknown()).nullable(),
  expected: z.string(),
  /** The auditor's reading before any run: never the verdict; the report only lists disagreements. */
  expectedByAuthor: z.enum(['confirmed', 'refuted', 'imprecise', 'not-modelled']).optional(),
  /** The Redis mechanism behind the claim (protocol.md / source reference). */
  why: z.string(),
  check: Check,
}).strict().superRefine((c, ctx) => {
  const kind = Object.keys(c.check)[0];
  const want = { trace: 'trace', property: 'properties', rule: 'rule', 'not-modelled': 'notModelled' }[c.checkable];
  if (kind !== want && kind !== 'notModelled') ctx.addIssue({ code: 'custom', path: ['check'], message: `checkable '${c.checkable}' needs a '${want}' check, got '${kind}'` });
  if (c.checkable === 'trace' && c.scenario === null) ctx.addIssue({ code: 'custom', path: ['scenario'], message: 'a trace claim needs a scenario' });
  if ('trace' in c.check && c.scenario !== null) {
    const topology = (c.scenario.config as { topology?: string } | undefined)?.topology ?? 'cluster';
    c.check.trace.forEach((p, i) => {
      const want = MEASURES[p.measure]?.topology;
      if (want !== undefined && want !== topology) {
        ctx.addIssue({ code: 'custom', path: ['check', 'trace', i, 'measure'], message: `'${p.measure}' reads a ${want} run, but the scenario's config.topology is "${topology}"` });
      }
    });
  }
});
export type Claim = z.infer<typeof Claim>;

/** Validate every claim; throws one error listing every problem as `<id>.<field>: message`. */
export function parseClaims(raw: unknown): Claim[] {
  if (!Array.isArray(raw)) throw new Error('audit/claims.json: expected an array of claims');
  const problems: string[] = [];
  const out: Claim[] = [];
  const ids = new Set<string>();
  raw.forEach((c, i) => {
    const id = (c as { id?: string })?.id ?? `#${i}`;
    const r = Claim.safeParse(c);
    if (!r.success) for (const iss of r.error.issues) problems.push(`${id}.${iss.path.join('.') || '(claim)'}: ${iss.message}`);
    else out.push(r.data);
    if (ids.has(id)) problems.push(`${id}: duplicate id`);
    ids.add(id);
  });
  if (problems.length) throw new Error(`audit/claims.json is invalid:\n  ${problems.join('\n  ')}`);
  return out;
}
