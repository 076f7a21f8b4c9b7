// The configuration file: `.maprace.yaml` (or `.maprace.yml`) found from the analysis root upward, or the file
// given with `--config` (YAML, or JSON with a `maprace` key). It is checked against
// schemas/maprace-config.schema.json, then for what a schema cannot say (a check both enabled and disabled);
// every problem is reported with its file, line and column, and the JSON path of the offending value.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import picomatch from 'picomatch';
import { type Document, LineCounter, type Node, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { configSchema } from '../assets.js';
import { CHECKS, findCheck } from '../checks/registry.js';
import { UsageError } from '../go/load.js';
import { READ_LIMITS, isRefusal, parseSize, readTextBounded } from '../io/read.js';
import type { LibrarySummaries, RootSummary } from '../go/summaries.js';
import type { AccessKind, Severity } from '../model.js';

/** The configuration as the CLI and the engine use it. */
export interface Config {
  /** The file it was read from (absolute); absent when there is none or `--no-config` was given. */
  file?: string;
  /** Check codes to run unless `--checks` names checks. */
  checks: string[];
  /** Severity by check code, where the configuration changes a check's default. */
  severity: Record<string, Severity>;
  /** Globs relative to the analysis root; see `excludeFilter`. */
  exclude: string[];
  library: LibrarySummaries;
  /** `limits`, in bytes (absent: the defaults, or the command line's). */
  limits: { maxFileSize?: number; maxMemory?: number };
}

/** The file as written, once it matches the schema. */
interface RawConfig {
  checks?: { enable?: string[]; disable?: string[] };
  severity?: Record<string, Severity>;
  exclude?: string[];
  summaries?: { type: string; methods: Record<string, AccessKind>; constructors?: string[] }[];
  roots?: { call: string; arg?: number; concurrent?: boolean }[];
  limits?: { maxFileSize?: number | string; maxMemory?: number | string };
}

const CONFIG_FILES = ['.maprace.yaml', '.maprace.yml'];

export interface ConfigProblem {
  line: number;
  column: number;
  /** JSON path of the value inside the configuration, e.g. `checks.disable[1]`; '' for the file itself. */
  path: string;
  message: string;
}

/** An invalid configuration: exit status 2, one `file:line:col: path: message` line per problem. */
export class ConfigError extends UsageError {
  constructor(readonly file: string, readonly problems: ConfigProblem[]) {
    const lines = [...new Set(problems.map((p) => `  ${file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`))];
    const more = lines.length - MAX_PROBLEMS;
    super(`invalid configuration:\n${lines.slice(0, MAX_PROBLEMS).join('\n')}${more > 0 ? `\n  ... and ${more} more` : ''}`);
  }
}

/** Problems listed in one message (a hostile file can have one on every line). */
const MAX_PROBLEMS = 20;

export function defaultConfig(): Config {
  return { checks: CHECKS.filter((c) => c.defaultEnabled).map((c) => c.code), severity: {}, exclude: [], library: { mapTypes: [], roots: [] }, limits: {} };
}

/**
 * The configuration file for an analysis rooted at `root`: the nearest `.maprace.yaml` or `.maprace.yml` in
 * `root` or a directory above it, up to the repository root (the directory with `.git`) or the filesystem root.
 */
export function findConfigFile(root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const found = CONFIG_FILES.filter((name) => fs.existsSync(path.join(dir, name)));
    if (found.length > 1) throw new UsageError(`${dir} has both ${found.join(' and ')}: keep one`);
    if (found[0]) return path.join(dir, found[0]);
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The configuration of a `maprace check` run rooted at `root`: the file given with `--config` (`option` is its
 * path), else the nearest configuration file (`findConfigFile`), else the defaults; `--no-config` (`option`
 * false) uses the defaults. Messages name files relative to `cwd`.
 */
export function configFor(root: string, cwd: string, option: string | false | undefined): Config {
  if (option === false) return defaultConfig();
  const file = option === undefined ? findConfigFile(root) : path.resolve(cwd, option);
  if (!file) return defaultConfig();
  const rel = path.relative(cwd, file);
  return loadConfig(file, rel.startsWith('..') || path.isAbsolute(rel) ? file : rel);
}

/** Reads a configuration file; `display` is how messages name it (default: the path as given). */
export function loadConfig(file: string, display = file): Config {
  const text = readTextBounded(file, READ_LIMITS.config);
  if (isRefusal(text)) throw new UsageError(`cannot read configuration ${display}: ${text.refused.replace(/:.*/, '')}`);
  return { ...parseConfig(text, display, file.toLowerCase().endsWith('.json') ? 'json' : 'yaml'), file: path.resolve(file) };
}

/** Parses and checks a configuration; a JSON file carries it under its `maprace` key. */
export function parseConfig(text: string, file: string, format: 'yaml' | 'json'): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length) {
    // yaml's parser recurses into nested collections: a file nested thousands deep ends its stack.
    const message = (e: Error) => (e.message.includes('Maximum call stack') ? 'nested too deeply' : e.message.split('\n')[0]!);
    throw new ConfigError(file, doc.errors.map((e) => ({ ...at(e.pos[0]), path: '', message: message(e) })));
  }
  const base = format === 'json' ? ['maprace'] : [];
  let whole: unknown;
  try {
    whole = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // yaml refuses to expand aliases past maxAliasCount ("billion laughs"); point at the last alias.
    throw new ConfigError(file, [{ ...at(lastAlias(doc)), path: '', message: `too many YAML aliases: ${(e as Error).message.split('\n')[0]}` }]);
  }
  let data: unknown = whole ?? {};
  if (format === 'json') {
    if (!isObject(whole) || !('maprace' in whole)) throw new ConfigError(file, [{ line: 1, column: 1, path: '', message: 'no "maprace" key with the configuration' }]);
    data = whole.maprace ?? {};
  }
  const invalid = schemaProblems(data);
  const problems = [...invalid, ...(invalid.length ? [] : semanticProblems(data as RawConfig))]
    .map((p) => ({ ...at(locate(doc, base, p.path, p.key)), path: displayPath(p.path, data), message: p.message }));
  if (problems.length) throw new ConfigError(file, problems.sort((a, b) => a.line - b.line || a.column - b.column));
  return resolve(data as RawConfig);
}

/** Alias expansions yaml allows while converting the document (its own default is 100). */
const MAX_ALIAS_COUNT = 100;

function lastAlias(doc: Document): number {
  let offset = 0;
  visit(doc, { Alias: (_, node) => void (offset = node.range?.[0] ?? offset) });
  return offset;
}

// ---- schema ---------------------------------------------------------------------------------------

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function validateSchema(data: unknown): boolean {
  compiled ??= new Ajv2020({ allErrors: true, verbose: true, strict: true })
    .addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' })
    .compile(configSchema());
  return compiled(data) as boolean;
}

interface Problem {
  path: (string | number)[];
  /** Point at the key of the last path element rather than its value. */
  key: boolean;
  message: string;
}

function schemaProblems(data: unknown): Problem[] {
  if (validateSchema(data)) return [];
  const out: Problem[] = [];
  const errors = compiled!.errors ?? [];
  // A value that fails `anyOf` (a size) is reported once, not once per alternative.
  const anyOf = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    // A key that fails `propertyNames` gives two errors: the key's own (with `propertyName` set), and this one.
    if (e.keyword === 'propertyNames') continue;
    if (anyOf.has(e.instancePath) && e.keyword !== 'anyOf') continue;
    const p = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (e.propertyName !== undefined) out.push({ path: [...p, e.propertyName], key: true, message: explain(e, e.propertyName) });
    else if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      out.push({ path: [...p, name], key: true, message: `unknown key${allowed.length ? `; expected ${allowed.join(', ')}` : ''}` });
    } else if (e.keyword === 'uniqueItems') {
      const { i, j } = e.params as { i: number; j: number };
      out.push({ path: [...p, Math.max(i, j)], key: false, message: `listed twice (also item ${Math.min(i, j)})` });
    } else out.push({ path: p, key: false, message: explain(e, e.data) });
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', integer: 'an integer', boolean: 'true or false', array: 'a list', object: 'a mapping (key: value)',
};

function explain(e: ErrorObject, value: unknown): string {
  switch (e.keyword) {
    case 'type':
      return `must be ${TYPE_NAMES[String((e.params as { type: string }).type)] ?? (e.params as { type: string }).type}`;
    case 'enum':
      if (e.schemaPath.startsWith('#/$defs/check/')) return `unknown check ${String(value)} (known: ${CHECKS.map((c) => `${c.code} ${c.name}`).join(', ')})`;
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern':
      return `${JSON.stringify(value)} ${(e.parentSchema as { patternErrorMessage?: string }).patternErrorMessage ?? `does not match ${(e.params as { pattern: string }).pattern}`}`;
    case 'required':
      return `missing key ${(e.params as { missingProperty: string }).missingProperty}`;
    case 'minimum':
      return `must be ${(e.params as { limit: number }).limit} or more`;
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return 'must not be empty';
    case 'maxItems':
    case 'maxProperties':
      return `too many entries (at most ${(e.params as { limit: number }).limit})`;
    case 'maxLength':
      return `longer than ${(e.params as { limit: number }).limit} characters`;
    case 'anyOf':
      return `${JSON.stringify(value)} is not a size, e.g. 16MB, 2GiB or a number of bytes`;
    default:
      return e.message ?? e.keyword;
  }
}

// ---- what the schema cannot say ---------------------------------------------------------------

function semanticProblems(raw: RawConfig): Problem[] {
  const out: Problem[] = [];
  const enabled = new Set((raw.checks?.enable ?? []).map((c) => findCheck(c)!.code));
  raw.checks?.disable?.forEach((c, i) => {
    const code = findCheck(c)!.code;
    if (enabled.has(code)) out.push({ path: ['checks', 'disable', i], key: false, message: `${code} is also in checks.enable` });
  });
  const severityFor = new Map<string, string>();
  for (const key of Object.keys(raw.severity ?? {})) {
    const code = findCheck(key)!.code;
    const other = severityFor.get(code);
    if (other !== undefined) out.push({ path: ['severity', key], key: true, message: `${key} and ${other} are the same check` });
    severityFor.set(code, key);
  }
  const types = new Map<string, number>();
  raw.summaries?.forEach((s, i) => {
    const first = types.get(s.type);
    if (first !== undefined) out.push({ path: ['summaries', i, 'type'], key: false, message: `${s.type} is already summarised in summaries[${first}]` });
    else types.set(s.type, i);
  });
  raw.roots?.forEach((r, i) => {
    const parsed = parseCall(r.call);
    if (typeof parsed === 'string') out.push({ path: ['roots', i, 'call'], key: false, message: parsed });
  });
  for (const [key, v] of Object.entries(raw.limits ?? {})) {
    if (typeof v === 'string' && parseSize(v) === undefined) out.push({ path: ['limits', key], key: false, message: `${JSON.stringify(v)} is not a size above 0` });
  }
  return out;
}

type CallTarget = Omit<RootSummary, 'arg' | 'concurrent'>;

/**
 * `example.com/app/pool.Pool.Submit` (a method), `example.com/app/pool.Go` (a function), or Go's own notation
 * `(example.com/app/pool.Pool).Submit` / `(*example.com/app/pool.Pool).Submit`, which is needed when the last
 * element of the import path has a dot (`gopkg.in/yaml.v3`). Returns an error message when it cannot tell.
 */
export function parseCall(call: string): CallTarget | string {
  const paren = /^\(\*?(.+)\)\.([^.]+)$/.exec(call);
  if (paren) {
    const { pkg, name } = splitType(paren[1]!);
    return { pkg, recv: name, name: paren[2]! };
  }
  const slash = call.lastIndexOf('/') + 1;
  const parts = call.slice(slash).split('.');
  const pkg = call.slice(0, slash) + parts[0]!;
  if (parts.length === 2) return { pkg, name: parts[1]! };
  if (parts.length === 3) return { pkg, recv: parts[1]!, name: parts[2]! };
  return `${call} is ambiguous: write (import/path.Type).Method`;
}

/** `example.com/app/pkg/cache.Cache` → the import path and the type name (type names have no dots). */
function splitType(t: string): { pkg: string; name: string } {
  const dot = t.lastIndexOf('.');
  return { pkg: t.slice(0, dot), name: t.slice(dot + 1) };
}

function resolve(raw: RawConfig): Config {
  const config = defaultConfig();
  const code = (c: string) => findCheck(c)!.code;
  const enable = (raw.checks?.enable ?? []).map(code);
  const disable = new Set((raw.checks?.disable ?? []).map(code));
  config.checks = [...new Set([...config.checks, ...enable])].filter((c) => !disable.has(c));
  for (const [c, s] of Object.entries(raw.severity ?? {})) config.severity[code(c)] = s;
  config.exclude = raw.exclude ?? [];
  config.library.mapTypes = (raw.summaries ?? []).map((s) => {
    const { pkg, name } = splitType(s.type);
    return { pkg, names: [name], methods: s.methods, constructors: s.constructors ?? [] };
  });
  // semanticProblems has rejected the calls parseCall cannot read.
  config.library.roots = (raw.roots ?? []).map((r) => ({ ...(parseCall(r.call) as CallTarget), arg: r.arg ?? 0, concurrent: r.concurrent ?? false }));
  // The schema has checked the sizes.
  for (const key of ['maxFileSize', 'maxMemory'] as const) {
    const v = raw.limits?.[key];
    if (v !== undefined) config.limits[key] = typeof v === 'number' ? v : parseSize(v)!;
  }
  return config;
}

// ---- source positions -----------------------------------------------------------------------------

/**
 * The source offset of the value at `jsonPath` (or of its key), below `base` (the `maprace` key of a JSON file).
 * A path that does not exist in the source (a missing key) points at the deepest node that does.
 */
function locate(doc: Document, base: string[], jsonPath: (string | number)[], key: boolean): number {
  const full = [...base, ...jsonPath];
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, seg] of full.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      offset = rangeStart(key && i === full.length - 1 ? pair.key : pair.value) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  return offset;
}

/** The path as messages show it: `summaries[0].methods.Put`. */
function displayPath(p: (string | number)[], data: unknown): string {
  let out = '';
  let value = data;
  for (const seg of p) {
    if (Array.isArray(value)) {
      out += `[${seg}]`;
      value = value[Number(seg)];
    } else {
      out += out ? `.${seg}` : String(seg);
      value = isObject(value) ? value[String(seg)] : undefined;
    }
  }
  return out;
}

function rangeStart(n: unknown): number | undefined {
  return (n as Node | null | undefined)?.range?.[0];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether a file (path relative to the analysis root, forward slashes) is excluded: a glob matches it or one of
 * the directories above it, so `gen` and `gen/**` both exclude everything below gen/.
 */
export function excludeFilter(globs: string[]): (rel: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch(globs.map((g) => g.replace(/^\.\//, '').replace(/\/+$/, '')), { dot: true });
  return (rel) => {
    for (let p = rel; p && p !== '.'; p = path.posix.dirname(p)) if (match(p)) return true;
    return false;
  };
}
