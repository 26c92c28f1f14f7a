// reports/mutation.md from Stryker's report (the incremental file, mutation-testing-report-schema)
// and the committed triage verdicts (mutation/triage.json). Pure: no clock, no file access.
import { keyOf, ratioInterval, type Sample } from './sample.ts';

export interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  status: string;
  statusReason?: string;
  killedBy?: string[];
}
export interface StrykerReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
  /** Set by `--from-events` (an interrupted run): the mutants Stryker had planned per file. */
  planned?: Record<string, number>;
  testFiles?: Record<string, { tests: Array<{ id: string; name: string }> }>;
}

/** A verdict on one surviving mutant, keyed by its identity (file, line, mutator, original → replacement). */
export interface Verdict {
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  verdict: 'equivalent' | 'open' | 'killed';
  /** equivalent: why no run can tell; open: a real fault no property catches yet, and what would; killed: the property that now kills it. */
  why: string;
}

export interface Row { file: string; line: number; column: number; mutator: string; original: string; replacement: string; rawReplacement: string; status: string; killedBy: string[] }

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The source text a mutant replaces. */
export function originalText(source: string, m: Mutant): string {
  const lines = source.split('\n');
  const { start, end } = m.location;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

export function rows(r: StrykerReport): Row[] {
  const names = new Map<string, string>();
  for (const f of Object.values(r.testFiles ?? {})) for (const t of f.tests) names.set(t.id, t.name);
  return Object.entries(r.files).sort(([a], [b]) => a.localeCompare(b)).flatMap(([file, f]) => f.mutants.map((m) => ({
    file, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, original: oneLine(originalText(f.source, m)),
    replacement: oneLine(m.replacement ?? ''), rawReplacement: m.replacement ?? '',
    status: m.status, killedBy: (m.killedBy ?? []).map((id) => names.get(id) ?? id),
  }))).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.mutator.localeCompare(b.mutator) || a.original.localeCompare(b.original) || a.replacement.localeCompare(b.replacement));
}

const sameMutant = (v: Verdict, x: Row) => v.file === x.file && v.mutator === x.mutator && oneLine(v.original) === x.original && oneLine(v.replacement) === x.replacement;

/** The verdict for a row: same identity and line, else the one verdict of that identity on any line (edits above it shift lines). */
export function verdictFor(triage: Verdict[], x: Row, all: Row[]): Verdict | undefined {
  const exact = triage.find((v) => sameMutant(v, x) && v.line === x.line);
  if (exact) return exact;
  const loose = triage.filter((v) => sameMutant(v, x));
  return loose.length === 1 && all.filter((y) => loose.some((v) => sameMutant(v, y))).length === 1 ? loose[0] : undefined;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export interface Tally { detected: number; undetected: number; ignored: number; errors: number; score: number }

export function tally(rs: Row[]): Tally {
  const detected = rs.filter((x) => DETECTED.has(x.status)).length;
  const undetected = rs.filter((x) => UNDETECTED.has(x.status)).length;
  const ignored = rs.filter((x) => x.status === 'Ignored').length;
  const errors = rs.length - detected - undetected - ignored;
  return { detected, undetected, ignored, errors, score: detected + undetected ? (100 * detected) / (detected + undetected) : 100 };
}

const pct = (x: number) => `${x.toFixed(1)}%`;
const code = (s: string) => `\`${(s.length > 70 ? `${s.slice(0, 67)}…` : s).replace(/`/g, "'")}\``;
const mutantCell = (x: Row) => `${x.file}:${x.line} ${x.mutator}: ${code(x.original)} → ${code(x.replacement)}`;

export interface Rendered { text: string; score: number; untriaged: number; open: number; wrongKills: number }

/**
 * The report: the score, the files mutated and not yet mutated, every surviving mutant with its
 * verdict, and the mutants that only the properties added by the triage kill.
 */
/**
 * The sample's part (mutation/sample.ts): its tally, and the estimate for all of model/ — the files
 * mutated in full as they are, the mutants without a result at the draw at the sample's rate.
 */
function sampleLines(rs: Row[], sample: Sample, full: Row[], threshold: number): { lines: string[]; estimate: number } {
  const nodeOfKey = new Map(sample.mutants.map((m) => [keyOf(m), `${m.file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn}`]));
  const drawn = rs.filter((x) => nodeOfKey.has(keyOf({ ...x, replacement: x.rawReplacement })));
  const st = tally(drawn);
  const counted = st.detected + st.undetected;
  const clusters = new Map<string, [number, number]>();
  for (const x of drawn) {
    const c = clusters.get(nodeOfKey.get(keyOf({ ...x, replacement: x.rawReplacement }))!) ?? [0, 0];
    const one = tally([x]);
    clusters.set(nodeOfKey.get(keyOf({ ...x, replacement: x.rawReplacement }))!, [c[0] + one.detected, c[1] + one.detected + one.undetected]);
  }
  const [lo, hi] = ratioInterval([...clusters.values()]);
  const nodesDrawn = new Set(nodeOfKey.values()).size;
  const ft = tally(full);
  // The population's countable part (ignored and static mutants are not counted), as in the sample.
  const rest = drawn.length ? (sample.population * counted) / drawn.length : 0;
  const mix = (p: number) => (100 * (ft.detected + p * rest)) / (ft.detected + ft.undetected + rest);
  const estimate = counted ? mix(st.detected / counted) : ft.score;
  return {
    estimate,
    lines: [
      '## All of model/: a random sample of the rest', '',
      `A full run over model/ is days of Stryker on two cores, so the mutants without a result are sampled by node (mutation/sample.ts, seed ` +
      `${sample.seed}): ${nodesDrawn} of the ${sample.nodes} mutated nodes drawn uniformly, with all ${sample.mutants.length} of their mutants ` +
      `(of ${sample.population} without a result); ${drawn.length} tested so far, from ${clusters.size} nodes (${counted} counted, ${drawn.length - counted} ignored or static). ` +
      `Detected: ${st.detected} of ${counted}, **${pct(counted ? (100 * st.detected) / counted : 0)}** (95% interval of the ratio estimator ${pct(100 * lo)}–${pct(100 * hi)}).`, '',
      `**Estimated score of all of model/: ${pct(estimate)}** (interval ${pct(mix(lo))}–${pct(mix(hi))}; threshold ${threshold}%): the files above as ` +
      `measured (${ft.detected} of ${ft.detected + ft.undetected}), and about ${Math.round(rest)} countable mutants of the rest at the sample's rate. ` +
      'Surviving sampled mutants are triaged below like every other survivor.', '',
    ],
  };
}

/**
 * `changed`: mutated files whose source differs now from the one their results were recorded for.
 * `sample`: the draw of mutation/sample.json, when there is one; then the score is the estimate for all of model/.
 */
export function render(r: StrykerReport, triage: Verdict[], scope: string[], added: string[], threshold: number, changed: string[] = [], sample: Sample | null = null): Rendered {
  const rs = rows(r);
  const t = tally(rs);
  const sampled = new Set(sample ? sample.mutants.map((m) => m.file) : []);
  const keys = new Set(sample ? sample.mutants.map(keyOf) : []);
  // Files mutated in full (or a stopped run's part): those with results that are neither drawn nor nested in a drawn range.
  const fullRows = rs.filter((x) => !keys.has(keyOf({ ...x, replacement: x.rawReplacement })) && (!sampled.has(x.file) || (sample?.fullFiles ?? []).includes(x.file)));
  const mutated = [...new Set(fullRows.map((x) => x.file))].sort();
  const notYet = scope.filter((f) => !mutated.includes(f));
  const out: string[] = [];
  out.push('# Mutation testing of the model by the property suite', '');
  out.push('Generated by `npm run mutation` (StrykerJS with its vitest runner, stryker.config.mjs) from Stryker\'s report',
    '(mutation/stryker-incremental.json) and the verdicts in mutation/triage.json. The test command is the fast',
    'property subset (mutation/fast-properties.ts): every catalog property from random generation, fixed seed, no unit',
    'test and no stored counterexample.', '');
  const est = sample ? sampleLines(rs, sample, fullRows, threshold) : null;
  const score = est ? est.estimate : t.score;
  out.push(`**Mutation score: ${pct(score)}**${est ? ' (estimated for all of model/, below)' : ''} — every mutant tested so far: ${pct(t.score)} ` +
    `(${t.detected} detected of ${t.detected + t.undetected}; threshold ${threshold}%). ` +
    `${t.ignored} ignored (timeline records${sample ? ', and nodes outside the sample that their ranges hold' : ''}), ${t.errors} compile/runtime errors (not counted).`, '');
  out.push('## Files', '', '| file | mutants | detected | survived | score |', '|---|---:|---:|---:|---:|');
  for (const f of mutated) {
    const ft = tally(fullRows.filter((x) => x.file === f));
    const of = r.planned?.[f];
    const partly = of !== undefined && of > rs.filter((x) => x.file === f).length ? ` (partly: ${rs.filter((x) => x.file === f).length} of ${of} mutants, the run was stopped)` : '';
    const since = changed.includes(f) ? ' (edited since: these results are for the version Stryker mutated; a rerun updates them)' : '';
    out.push(`| ${f}${partly}${since} | ${ft.detected + ft.undetected} | ${ft.detected} | ${ft.undetected} | ${pct(ft.score)} |`);
  }
  out.push('', notYet.length ? `Not mutated in full (${notYet.length} files of the mutate set): ${notYet.join(', ')}.` : 'Every file of the mutate set was mutated.', '');
  if (est) out.push(...est.lines);
  const survivors = rs.filter((x) => UNDETECTED.has(x.status));
  let untriaged = 0;
  let open = 0;
  out.push('## Surviving mutants', '', 'Verdicts: *equivalent* (no run can tell it from the model, and why) or *open* (a real fault that no property catches yet, and what would catch it).', '');
  if (!survivors.length) out.push('None.');
  else out.push('| mutant | status | verdict |', '|---|---|---|');
  for (const x of survivors) {
    const v = verdictFor(triage, x, rs);
    if (!v || v.verdict === 'killed') untriaged++;
    if (v?.verdict === 'open') open++;
    const verdict = !v ? '**untriaged**' : v.verdict === 'killed' ? `**expected killed by ${v.why}, but survived**` : `${v.verdict}: ${v.why}`;
    out.push(`| ${mutantCell(x)} | ${x.status} | ${verdict.replace(/\|/g, '\\|')} |`);
  }
  const byAdded = rs.filter((x) => DETECTED.has(x.status) && x.killedBy.some((k) => added.some((a) => k.endsWith(a))));
  let wrongKills = 0;
  out.push('', '## Killed only by the properties the triage added', '',
    'These tests run last, and Stryker stops at a mutant\'s first failing test: every mutant below passed every other property.', '');
  if (!byAdded.length) out.push('None.');
  else out.push('| mutant | killed by |', '|---|---|');
  for (const x of byAdded) out.push(`| ${mutantCell(x)} | ${x.killedBy.join(', ')} |`);
  for (const v of triage.filter((v) => v.verdict === 'killed')) {
    const x = rs.find((y) => sameMutant(v, y) && y.line === v.line) ?? rs.find((y) => sameMutant(v, y));
    if (x && !(DETECTED.has(x.status) && x.killedBy.some((k) => k.endsWith(v.why)))) wrongKills++;
  }
  const stale = triage.filter((v) => !rs.some((x) => sameMutant(v, x)) && mutated.includes(v.file));
  if (stale.length) out.push('', `Verdicts in mutation/triage.json that match no mutant any more (${stale.length}): ${stale.map((v) => `${v.file}:${v.line} ${v.mutator}`).join(', ')}.`);
  out.push('');
  return { text: out.join('\n'), score, untriaged, open, wrongKills };
}
