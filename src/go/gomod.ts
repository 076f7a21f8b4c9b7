// The small line-oriented grammars of go.mod and go.work (not Go source), and module path escaping as the
// module cache spells it. Only what locating packages needs: module, require, replace, use.
import { READ_LIMITS, isRefusal, readTextBounded } from '../io/read.js';

export interface Replace {
  /** Module path being replaced. */
  old: string;
  /** Only this version is replaced; undefined: every version. */
  oldVersion?: string;
  /** A module path, or a directory (starts with ./, ../ or /) relative to the file's directory. */
  new: string;
  newVersion?: string;
}

export interface GoMod {
  module?: string;
  /** Module path → version. */
  requires: Map<string, string>;
  replaces: Replace[];
}

export interface GoWork {
  /** Module directories, relative to the go.work directory. */
  uses: string[];
  replaces: Replace[];
}

/** A file that was not read, and why. */
export interface SkipNote {
  /** Absolute path. */
  file: string;
  message: string;
}

/**
 * Reads a go.mod or go.work file (at most `READ_LIMITS.goMod` bytes, regular files only); undefined when it
 * cannot be read. A file that exists but is refused (a FIFO, a symlink to a device, too large, unreadable) is
 * added to `skipped`; a missing one is not.
 */
export function readText(file: string, skipped?: SkipNote[]): string | undefined {
  const text = readTextBounded(file, READ_LIMITS.goMod);
  if (!isRefusal(text)) return text;
  if (!text.refused.startsWith('ENOENT') && !text.refused.startsWith('ENOTDIR')) skipped?.push({ file, message: `skipped: ${text.refused}` });
  return undefined;
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: new Map(), replaces: [] };
  for (const [verb, args] of directives(text)) {
    if (verb === 'module' && args[0]) mod.module ??= args[0];
    else if (verb === 'require' && args[0] && args[1]) mod.requires.set(args[0], args[1]);
    else if (verb === 'replace') {
      const r = parseReplace(args);
      if (r) mod.replaces.push(r);
    }
  }
  return mod;
}

export function parseGoWork(text: string): GoWork {
  const work: GoWork = { uses: [], replaces: [] };
  for (const [verb, args] of directives(text)) {
    if (verb === 'use' && args[0]) work.uses.push(args[0]);
    else if (verb === 'replace') {
      const r = parseReplace(args);
      if (r) work.replaces.push(r);
    }
  }
  return work;
}

/** `old [v] => new [v]` */
function parseReplace(args: string[]): Replace | undefined {
  const arrow = args.indexOf('=>');
  if (arrow < 1 || arrow > 2 || !args[arrow + 1]) return undefined;
  const r: Replace = { old: args[0]!, new: args[arrow + 1]! };
  if (arrow === 2) r.oldVersion = args[1]!;
  const nv = args[arrow + 2];
  if (nv) r.newVersion = nv;
  return r;
}

/** Whether a replacement names a directory rather than a module (as `go mod edit` decides). */
export function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === '.' || p === '..' || /^[A-Za-z]:[\\/]/.test(p);
}

/** The directives of a go.mod/go.work file as [verb, args], with `verb ( ... )` blocks expanded. */
function* directives(text: string): Generator<[string, string[]]> {
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens[0] === ')') block = undefined;
      else yield [block, tokens];
      continue;
    }
    const [verb, ...rest] = tokens;
    if (rest.length === 1 && rest[0] === '(') block = verb!;
    else yield [verb!, rest];
  }
}

/** Splits one line into tokens: words, quoted strings ("..." or `...`), `=>`, parentheses; drops `//` comments. */
function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && line[i + 1] === '/') break;
    else if (c === '(' || c === ')') {
      out.push(c);
      i++;
    } else if (c === '"' || c === '`') {
      let s = '';
      i++;
      while (i < line.length && line[i] !== c) {
        if (c === '"' && line[i] === '\\' && i + 1 < line.length) i++;
        s += line[i++];
      }
      i++;
      out.push(s);
    } else {
      let j = i;
      while (j < line.length && !' \t\r()"`'.includes(line[j]!) && !(line[j] === '/' && line[j + 1] === '/')) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** The module cache's spelling of a module path or version: each uppercase letter becomes `!` + lowercase. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** Orders Go module versions (semver with a `v`, pseudo-versions included): negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([^+]*))?/.exec(v);
    return m ? { nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] } : undefined;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
