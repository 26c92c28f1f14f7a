// Reading a redis.conf the way Redis 7.0.15 does (config.c loadServerConfigFromString): one
// directive per line, lines trimmed of " \t\r\n", a line whose first character is `#` is a comment
// (a `#` later on a line is an argument, as in Redis), arguments split as sdssplitargs does, the
// directive name lower-cased. `include` is followed here (see includePath).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

/** One directive as written: its lower-cased name, its arguments, where it was read. */
export interface Directive {
  name: string;
  args: string[];
  file: string;
  line: number;
  /** The line as written (trimmed), for messages. */
  text: string;
}

/** A configuration file Redis itself would refuse, or one this tool cannot read. */
export class ConfError extends Error {
  constructor(readonly file: string, readonly line: number | null, readonly problem: string) {
    super(`${file}${line === null ? '' : `:${line}`}: ${problem}`);
    this.name = 'ConfError';
  }
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /[ \t\n\v\f\r]/.test(c);
const isHex = (c: string | undefined): boolean => c !== undefined && /[0-9a-fA-F]/.test(c);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * Splits a line into arguments like sds.c sdssplitargs: blanks separate, "double quotes" take
 * \xHH and \n \r \t \b \a escapes (any other escaped character stands for itself), 'single quotes'
 * take only \', and a closing quote must be followed by a blank or the end of the line. Returns null
 * for unbalanced quotes (Redis: "Unbalanced quotes in configuration line").
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (p < line.length && isSpace(line[p])) p++;
    if (p >= line.length) return out;
    let cur = '';
    let inq = false;
    let insq = false;
    for (let done = false; !done; p++) {
      const c = line[p];
      if (inq) {
        if (c === '\\' && line[p + 1] === 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
          cur += String.fromCharCode(parseInt(line.slice(p + 2, p + 4), 16));
          p += 3;
        } else if (c === '\\' && p + 1 < line.length) {
          p++;
          cur += ESCAPES[line[p]] ?? line[p];
        } else if (c === '"') {
          if (p + 1 < line.length && !isSpace(line[p + 1])) return null;
          done = true;
        } else if (c === undefined) return null;
        else cur += c;
      } else if (insq) {
        if (c === '\\' && line[p + 1] === "'") {
          p++;
          cur += "'";
        } else if (c === "'") {
          if (p + 1 < line.length && !isSpace(line[p + 1])) return null;
          done = true;
        } else if (c === undefined) return null;
        else cur += c;
      } else if (c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t') done = true;
      else if (c === '"') inq = true;
      else if (c === "'") insq = true;
      else cur += c;
    }
    out.push(cur);
  }
}

/** Trims the characters sdstrim(line, " \t\r\n") removes. */
const trim = (s: string): string => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

export interface ReadOptions {
  /** Reads an included file (tests give a map); default: the file system. */
  readFile?: (path: string) => string;
  exists?: (path: string) => boolean;
}

export interface ReadResult {
  directives: Directive[];
  /** Things worth telling the user about the reading itself (an include pattern not followed, …). */
  notes: string[];
}

/**
 * An included path. Redis opens it relative to the server's working directory, which a check
 * cannot know; the directory of the including file is the usual intent, so it is used instead.
 */
export function includePath(from: string, target: string): string {
  return isAbsolute(target) ? target : resolve(dirname(from), target);
}

const MAX_INCLUDE_DEPTH = 16;

/** Parses the text of one configuration file, following `include` lines. */
export function parseConf(text: string, file: string, o: ReadOptions = {}, depth = 0, seen: string[] = []): ReadResult {
  const read = o.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const exists = o.exists ?? existsSync;
  const directives: Directive[] = [];
  const notes: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trim(lines[i]);
    if (line === '' || line[0] === '#') continue;
    const argv = splitArgs(line);
    if (argv === null) throw new ConfError(file, i + 1, `unbalanced quotes (a quoted argument must be closed and followed by a blank): ${line}`);
    if (argv.length === 0) continue;
    const d: Directive = { name: argv[0].toLowerCase(), args: argv.slice(1), file, line: i + 1, text: line };
    if (d.name === 'include' && d.args.length !== 1) throw new ConfError(file, d.line, `include: expected one file name, got ${d.args.length} arguments (Redis: "Bad directive or wrong number of arguments")`);
    if (d.name !== 'include') {
      directives.push(d);
      continue;
    }
    const target = d.args[0];
    if (/[*?[]/.test(target)) {
      notes.push(`${file}:${d.line}: include ${target} is a pattern; patterns are not followed here — list the files with --conf instead`);
      continue;
    }
    const path = includePath(file, target);
    if ([...seen, resolve(file)].includes(path) || depth >= MAX_INCLUDE_DEPTH) throw new ConfError(file, d.line, `include ${target} loops (or nests deeper than ${MAX_INCLUDE_DEPTH})`);
    if (!exists(path)) throw new ConfError(file, d.line, `include ${target}: no such file (looked for ${path}, relative to the including file's directory)`);
    let text: string;
    try {
      text = read(path);
    } catch (e) {
      throw new ConfError(file, d.line, `include ${target}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const sub = parseConf(text, path, o, depth + 1, [...seen, resolve(file)]);
    directives.push(...sub.directives);
    notes.push(...sub.notes);
  }
  return { directives, notes };
}

/** Reads and parses a configuration file from disk. */
export function readConf(path: string, o: ReadOptions = {}): ReadResult {
  let text: string;
  try {
    text = (o.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  } catch (e) {
    throw new ConfError(path, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConf(text, path, o);
}

/**
 * The configuration text redis-server builds from its command line (server.c main, 7.0.15): a first
 * argument not starting with `-` is the config file (not read here); every `--name` starts a line
 * `name`, and each other argument is appended to the current line, quoted (sdscatrepr). So
 * `--replicaof 10.0.0.1 6379` is the line `replicaof "10.0.0.1" "6379"`, and `-slaveof …` (one dash)
 * becomes a line of its own whose directive is `-slaveof`, which loadServerConfigFromString refuses.
 * The special cases of `--save` and `--sentinel` without a value are kept.
 */
export function optionsFromArgv(argv: string[]): string {
  let options = '';
  let j = argv.length > 0 && argv[0][0] !== '-' ? 1 : 0;
  let handledLastConfigArg = true;
  for (; j < argv.length; j++) {
    const a = argv[j];
    if (a === '-' && (j === 0 || j === argv.length - 1)) continue; // config from stdin
    if (handledLastConfigArg && a.startsWith('--')) {
      if (options.length) options += '\n';
      options += `${a.slice(2)} `;
      const next = argv[j + 1];
      if ((splitArgs(a) ?? []).length !== 1) { handledLastConfigArg = true; continue; }
      handledLastConfigArg = false;
      const name = a.toLowerCase();
      if (name === '--save' && (next === undefined || next.startsWith('--'))) { options += '""'; handledLastConfigArg = next !== undefined; }
      if (name === '--sentinel' && (next === undefined || next.startsWith('--'))) handledLastConfigArg = next !== undefined;
      continue;
    }
    options += `${JSON.stringify(a)} `;
    handledLastConfigArg = true;
  }
  return options;
}
