// Reading a trace file for a command: size, encoding and JSON problems as one clear message
// (UsageError, exit 2), and a stored counterexample accepted as its trace.
import { readFileSync, statSync } from 'node:fs';
import { parseTrace, TraceError, type Trace } from '../model/kernel/trace.ts';
import { LIMITS } from '../model/kernel/trace-checks.ts';
import { UsageError } from './args.ts';
import { printable } from '../lib/text.ts';

/** The file's text: not too large, not empty, UTF-8 (a UTF-8 byte-order mark is dropped). */
export function readTraceText(file: string): string {
  const shown = printable(file);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`${shown}: not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? (e as Error).message})`}`);
  }
  if (size > LIMITS.fileBytes) throw new UsageError(`${shown}: ${size} bytes, expected at most ${LIMITS.fileBytes} (64 MiB) for a trace file`);
  const bytes = readFileSync(file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe || bytes[0] === 0xfe && bytes[1] === 0xff) throw new UsageError(`${shown}: UTF-16 text (byte-order mark), expected UTF-8 JSON`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes); // drops a UTF-8 BOM
  } catch {
    throw new UsageError(`${shown}: not UTF-8 text, expected a JSON trace`);
  }
  if (text.trim() === '') throw new UsageError(`${shown}: the file is empty, expected a JSON trace ({"events": [...]})`);
  return text;
}

/** A trace file, or a counterexample file (property, seed, path… and its `trace`), validated. */
export function loadTrace(file: string): Trace {
  const shown = printable(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readTraceText(file));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${shown}: not valid JSON (${printable((e as Error).message)})`);
  }
  const isCounterexample = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'trace' in raw && !('events' in raw);
  try {
    return parseTrace(isCounterexample ? (raw as { trace: unknown }).trace : raw);
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    const lines = e.problems.map((p) => `  ${isCounterexample ? p.replace(/^\(trace\)/, 'trace').replace(/^(?!trace:)/, 'trace.') : p}`);
    throw new UsageError(`${shown}: invalid ${isCounterexample ? 'counterexample' : 'trace'}\n${lines.map(printable).join('\n')}`);
  }
}

