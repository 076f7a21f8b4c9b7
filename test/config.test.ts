// The configuration file: fixture modules analysed with their own .maprace.yaml (strict `// want` oracle) and
// without it, error messages with file, line and column, lookup, and the CLI options.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis/engine.js';
import type { AnalyzeResult } from '../src/analysis/api.js';
import { CHECKS } from '../src/checks/registry.js';
import { type Config, ConfigError, configFor, defaultConfig, excludeFilter, findConfigFile, parseCall, parseConfig } from '../src/config/load.js';
import { loadFiles } from '../src/go/load.js';
import { compare, formatMismatch, readWants } from '../src/testing/analysistest.js';
import { CLI, REPO, tempTree } from './paths.js';

const TESTDATA = path.join(REPO, 'src', 'config', 'testdata');
const fixture = (name: string) => path.join(TESTDATA, name);

async function check(mod: string, config: Config): Promise<AnalyzeResult & { files: string[] }> {
  const loaded = await loadFiles(['./...'], { cwd: mod });
  const excluded = excludeFilter(config.exclude);
  const files = loaded.files.filter((f) => !excluded(path.relative(mod, f).split(path.sep).join('/')));
  const result = await analyze({ root: mod, modules: loaded.modules, files, checks: config.checks, severity: config.severity, library: config.library, jobs: 1 });
  return { ...result, files: loaded.files };
}

const modules = fs.readdirSync(TESTDATA).filter((d) => fs.existsSync(path.join(TESTDATA, d, 'go.mod')));

test('config fixture modules exist, each with its .maprace.yaml', () => {
  assert.deepEqual(modules.sort(), ['exclude', 'roots', 'severity', 'summaries']);
  for (const m of modules) assert.equal(findConfigFile(fixture(m)), path.join(TESTDATA, m, '.maprace.yaml'));
});

for (const name of modules) {
  test(`config fixtures: ${name} with its .maprace.yaml`, async () => {
    const mod = fixture(name);
    const result = await check(mod, configFor(mod, mod, undefined));
    assert.deepEqual(result.errors, []);
    const mismatch = compare(result.diagnostics, await readWants(mod, result.files));
    assert.ok(mismatch.unexpected.length === 0 && mismatch.unmatched.length === 0, `\n${formatMismatch(mismatch)}`);
    assert.ok(result.diagnostics.length > 0);
  });
}

test('without the configuration, the summarised types and the configured roots report nothing but the module\'s own type, through its body', async () => {
  // cache.Cache is a type of the module: its methods are followed from app's goroutines into their bodies.
  const expected: Record<string, string[]> = { summaries: ['cache/cache.go:17', 'cache/cache.go:23', 'cache/cache.go:27'], roots: [] };
  for (const name of ['summaries', 'roots']) {
    const result = await check(fixture(name), defaultConfig());
    assert.deepEqual(result.diagnostics.map((d) => `${d.range.file}:${d.range.start.line}`), expected[name], name);
  }
});

test('a root that is not concurrent: a single Parallel call no longer races with itself', async () => {
  const mod = fixture('roots');
  const config = configFor(mod, mod, undefined);
  const lines = async () => (await check(mod, config)).diagnostics.map((d) => d.range.start.line);
  const parallelLine = fs.readFileSync(path.join(mod, 'app', 'app.go'), 'utf8').split('\n').findIndex((l) => l.includes('sizes[i%4] = i')) + 1;
  assert.ok((await lines()).includes(parallelLine));
  config.library.roots = config.library.roots.map((r) => (r.name === 'Parallel' ? { ...r, concurrent: false } : r));
  const after = await lines();
  assert.ok(!after.includes(parallelLine), `line ${parallelLine} still reported`);
  assert.equal(after.length, 4);
});

test('exclude: excluded files are not analysed; without the configuration they are', async () => {
  const mod = fixture('exclude');
  const files = (r: AnalyzeResult) => [...new Set(r.diagnostics.map((d) => d.range.file))].sort();
  const configured = await check(mod, configFor(mod, mod, undefined));
  assert.deepEqual(files(configured), ['internal/keep/keep.go', 'main.go']);
  assert.equal(configured.stats.files, 2);
  assert.deepEqual(files(await check(mod, defaultConfig())), ['gen/gen.go', 'internal/keep/keep.go', 'internal/legacy/old.go', 'main.go']);
});

test('exclude globs: a directory excludes what is below it; paths are relative to the root', () => {
  const ex = excludeFilter(['gen', 'internal/**/zz_*.go', './legacy/', '*.pb.go']);
  const yes = ['gen/a.go', 'gen/sub/b.go', 'internal/a/b/zz_x.go', 'internal/zz_y.go', 'legacy/old.go', 'api.pb.go'];
  const no = ['generated/a.go', 'x/gen/a.go', 'internal/a/x.go', 'main.go', 'legacyx/a.go', 'x/api.pb.go'];
  for (const f of yes) assert.ok(ex(f), f);
  for (const f of no) assert.ok(!ex(f), f);
  assert.ok(!excludeFilter([])('gen/a.go'));
});

test('severity and checks from the configuration reach every finding', async () => {
  const mod = fixture('severity');
  const bySeverity = (r: AnalyzeResult) => r.diagnostics.map((d) => `${d.check}:${d.severity}`).sort();
  assert.deepEqual(bySeverity(await check(mod, configFor(mod, mod, undefined))), ['MR1001:warning', 'MR1002:error', 'MR1003:note']);
  assert.deepEqual(bySeverity(await check(mod, defaultConfig())), ['MR0002:warning', 'MR1001:error', 'MR1002:error', 'MR1003:error']);
});

test('configured types and roots reach the worker threads', async () => {
  // Enough files for the worker pool; every package submits to a pool and writes a cache of another package.
  const files: Record<string, string> = { 'go.mod': 'module example.com/many\n\ngo 1.25\n' };
  files['lib/lib.go'] = 'package lib\n\ntype Pool struct{}\n\nfunc (p *Pool) Submit(f func()) { f() }\n\ntype Cache struct{ keys []string }\n\nfunc (c *Cache) Put(k string) { c.keys = append(c.keys, k) }\n';
  for (let d = 0; d < 4; d++) {
    for (let i = 0; i < 40; i++) {
      files[`p${d}/f${i}.go`] = i > 0 ? `package p${d}\n\nfunc f${i}() {}\n` : [
        `package p${d}`, '', 'import "example.com/many/lib"', '',
        'func Fill(p *lib.Pool, c *lib.Cache, keys []string) {',
        '\tfor _, k := range keys {',
        '\t\tp.Submit(func() { c.Put(k) })',
        '\t}', '}', '',
      ].join('\n');
    }
  }
  const mod = tempTree('config', files);
  const config = parseConfig([
    'summaries: [{ type: example.com/many/lib.Cache, methods: { Put: write } }]',
    'roots: [{ call: example.com/many/lib.Pool.Submit }]',
    'severity: { MR1001: note }',
  ].join('\n'), '.maprace.yaml', 'yaml');
  const loaded = await loadFiles(['./...'], { cwd: mod });
  assert.ok(loaded.files.length >= 150);
  const run = (jobs: number) => analyze({ root: mod, modules: loaded.modules, files: loaded.files, checks: config.checks, severity: config.severity, library: config.library, jobs });
  const found = (r: AnalyzeResult) => r.diagnostics.map((d) => `${d.range.file}:${d.range.start.line}:${d.check}:${d.severity}`);
  const parallel = found(await run(2));
  assert.deepEqual(parallel, [0, 1, 2, 3].map((d) => `p${d}/f0.go:7:MR1001:note`));
  assert.deepEqual(parallel, found(await run(1)));
});

// ---- messages -------------------------------------------------------------------------------------

function problems(text: string, format: 'yaml' | 'json' = 'yaml', file = '.maprace.yaml'): string[] {
  try {
    parseConfig(text, file, format);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, /^invalid configuration:\n/);
    return e.problems.map((p) => `${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
  }
  assert.fail('the configuration was accepted');
}

test('errors: invalid YAML, with its line and column', () => {
  assert.deepEqual(problems('checks:\n  disable: [MR0002\nseverity: {}\n'), ['3:1: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  assert.deepEqual(problems('exclude: [gen]\nexclude: [x]\n'), ['2:1: Map keys must be unique']);
  assert.deepEqual(problems('roots:\n  - call: "a.b\n'), ['3:1: Missing closing "quote']);
  assert.deepEqual(problems('checks:\n\tdisable: []\n'), ['2:1: Tabs are not allowed as indentation']);
  assert.deepEqual(problems('- gen\n'), ['1:1: must be a mapping (key: value)']);
});

test('errors: unknown keys, with the keys that are allowed', () => {
  assert.deepEqual(problems('colour: true\nchecks:\n  off: [MR0002]\n'), [
    '1:1: colour: unknown key; expected checks, severity, exclude, summaries, roots, limits',
    '3:3: checks.off: unknown key; expected enable, disable',
  ]);
  assert.deepEqual(problems('summaries:\n  - type: a.b/c.T\n    methods: { Put: write }\n    method: x\n'), [
    '4:5: summaries[0].method: unknown key; expected type, methods, constructors',
  ]);
});

test('errors: wrong types, enums, patterns and missing keys, at the offending value', () => {
  const known = `(known: ${CHECKS.map((c) => `${c.code} ${c.name}`).join(', ')})`;
  assert.deepEqual(problems([
    'checks:',
    '  disable: [MR0002, MR9999]',
    'severity:',
    '  MR1001: fatal',
    '  MR7777: note',
    'exclude: gen/**',
    'summaries:',
    '  - type: example.com/app/pkg/cache.Cache',
    '    methods: { Put: write, Get: reed }',
    '  - type: Cache',
    '    methods: {}',
    '  - methods: { Put: write }',
    'roots:',
    '  - call: example.com/app/pool.Pool.Submit',
    '    arg: "0"',
    '    concurrent: yes',
    '  - call: submit',
    '    arg: -1',
  ].join('\n')), [
    `2:21: checks.disable[1]: unknown check MR9999 ${known}`,
    '4:11: severity.MR1001: must be one of error, warning, note',
    `5:3: severity.MR7777: unknown check MR7777 ${known}`,
    '6:10: exclude: must be a list',
    '9:33: summaries[0].methods.Get: must be one of read, write, iterate',
    '10:11: summaries[1].type: "Cache" is not an import path and a type name, e.g. example.com/app/pkg/cache.Cache',
    '11:14: summaries[1].methods: must not be empty',
    '12:5: summaries[2]: missing key type',
    '15:10: roots[0].arg: must be an integer',
    '16:17: roots[0].concurrent: must be true or false',
    '17:11: roots[1].call: "submit" is not a function or method, e.g. example.com/app/pool.Pool.Submit or example.com/app/pool.Go',
    '18:10: roots[1].arg: must be 0 or more',
  ]);
  assert.deepEqual(problems('exclude: [/abs, "!neg", ../up]\nchecks: { enable: [MR1001, goroutine-captured-map, MR1001] }\n'), [
    '1:11: exclude[0]: "/abs" is not a glob relative to the module root (no leading /, ../ or ! negation)',
    '1:17: exclude[1]: "!neg" is not a glob relative to the module root (no leading /, ../ or ! negation)',
    '1:25: exclude[2]: "../up" is not a glob relative to the module root (no leading /, ../ or ! negation)',
    '2:52: checks.enable[2]: listed twice (also item 0)',
  ]);
});

test('errors: what the schema cannot say', () => {
  assert.deepEqual(problems([
    'checks:',
    '  enable: [MR1001]',
    '  disable: [MR0002, goroutine-captured-map]',
    'severity: { MR1003: note, global-map-write: warning }',
    'summaries:',
    '  - { type: a.b/c.T, methods: { Put: write } }',
    '  - { type: a.b/c.T, methods: { Get: read } }',
    'roots:',
    '  - call: gopkg.in/yaml.v3.Pool.Go',
  ].join('\n')), [
    '3:21: checks.disable[1]: MR1001 is also in checks.enable',
    '4:27: severity.global-map-write: global-map-write and MR1003 are the same check',
    '7:13: summaries[1].type: a.b/c.T is already summarised in summaries[0]',
    '9:11: roots[0].call: gopkg.in/yaml.v3.Pool.Go is ambiguous: write (import/path.Type).Method',
  ]);
});

test('a JSON file carries the configuration under "maprace"; positions are in the JSON file', () => {
  const json = '{\n  "name": "app",\n  "maprace": {\n    "checks": { "disable": ["MR9999"] }\n  }\n}\n';
  assert.match(problems(json, 'json', 'package.json')[0]!, /^4:29: checks\.disable\[0\]: unknown check MR9999/);
  assert.deepEqual(problems('{"name": "app"}', 'json', 'package.json'), ['1:1: no "maprace" key with the configuration']);
  const c = parseConfig('{"maprace": {"severity": {"MR1001": "note"}, "roots": [{"call": "a/b.Pool.Go", "concurrent": true}]}}', 'x.json', 'json');
  assert.deepEqual(c.severity, { MR1001: 'note' });
  assert.deepEqual(c.library.roots, [{ pkg: 'a/b', recv: 'Pool', name: 'Go', arg: 0, concurrent: true }]);
});

test('a valid configuration resolves to checks, severities, globs, map types and roots', () => {
  const c = parseConfig([
    '# comment',
    'checks: { enable: [MR0002], disable: [global-map-write] }',
    'severity: { unused-ignore: note }',
    'exclude: [gen]',
    'summaries:',
    '  - type: gopkg.in/yaml.v3.Node',
    '    methods: { Put: write }',
    '    constructors: [New]',
    'roots:',
    '  - call: (*gopkg.in/yaml.v3.Pool).Go',
    '    arg: 1',
  ].join('\n'), '.maprace.yaml', 'yaml');
  assert.deepEqual(c.checks, CHECKS.map((x) => x.code).filter((x) => x !== 'MR1003'));
  assert.deepEqual(c.severity, { MR0002: 'note' });
  assert.deepEqual(c.exclude, ['gen']);
  assert.deepEqual(c.library.mapTypes, [{ pkg: 'gopkg.in/yaml.v3', names: ['Node'], methods: { Put: 'write' }, constructors: ['New'] }]);
  assert.deepEqual(c.library.roots, [{ pkg: 'gopkg.in/yaml.v3', recv: 'Pool', name: 'Go', arg: 1, concurrent: false }]);
  assert.deepEqual(parseConfig('', '.maprace.yaml', 'yaml'), defaultConfig());
  assert.deepEqual(parseConfig('# nothing yet\n', '.maprace.yaml', 'yaml'), defaultConfig());
});

test('calls: functions, methods, and Go notation for paths with a dot in the last element', () => {
  assert.deepEqual(parseCall('example.com/app/pool.Go'), { pkg: 'example.com/app/pool', name: 'Go' });
  assert.deepEqual(parseCall('example.com/app/pool.Pool.Submit'), { pkg: 'example.com/app/pool', recv: 'Pool', name: 'Submit' });
  assert.deepEqual(parseCall('(example.com/app/pool.Pool).Submit'), { pkg: 'example.com/app/pool', recv: 'Pool', name: 'Submit' });
  assert.deepEqual(parseCall('(*gopkg.in/yaml.v3.Pool).Go'), { pkg: 'gopkg.in/yaml.v3', recv: 'Pool', name: 'Go' });
  assert.equal(typeof parseCall('gopkg.in/yaml.v3.Pool.Go'), 'string');
});

test('the schema lists exactly the registry\'s check codes and names', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'maprace-config.schema.json'), 'utf8')) as { $defs: { check: { enum: string[] } } };
  assert.deepEqual(schema.$defs.check.enum, CHECKS.flatMap((c) => [c.code, c.name]));
});

// ---- lookup and CLI ---------------------------------------------------------------------------------

test('lookup: from the module root upward, stopping at the repository root', () => {
  const dir = tempTree('config', { 'repo/.git/HEAD': '', 'repo/.maprace.yml': '', 'repo/svc/go.mod': 'module x\n', 'repo/svc/inner/go.mod': 'module y\n', 'repo/svc/inner/.maprace.yaml': '' });
  assert.equal(findConfigFile(path.join(dir, 'repo', 'svc')), path.join(dir, 'repo', '.maprace.yml'));
  assert.equal(findConfigFile(path.join(dir, 'repo', 'svc', 'inner')), path.join(dir, 'repo', 'svc', 'inner', '.maprace.yaml'));
  fs.writeFileSync(path.join(dir, '.maprace.yaml'), '');
  fs.rmSync(path.join(dir, 'repo', '.maprace.yml'));
  assert.equal(findConfigFile(path.join(dir, 'repo', 'svc')), undefined, 'nothing above the repository root is read');
  fs.writeFileSync(path.join(dir, 'repo', '.maprace.yaml'), '');
  fs.writeFileSync(path.join(dir, 'repo', '.maprace.yml'), '');
  assert.throws(() => findConfigFile(path.join(dir, 'repo')), /both \.maprace\.yaml and \.maprace\.yml/);
});

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonDoc { findings: { check: string; severity: string }[] }
interface SarifDoc { runs: { results: { ruleId: string; level: string }[] }[] }

test('cli: the configuration found from the module root sets severities in text, JSON and SARIF', () => {
  const mod = fixture('severity');
  const text = run(['check', './...'], mod);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /^severity\.go:19:5: warning: write of map seen/m);
  assert.match(text.stdout, /^severity\.go:45:2: note: write of map visits/m);
  const json = JSON.parse(run(['check', '--format', 'json', './...'], mod).stdout) as JsonDoc;
  assert.deepEqual(json.findings.map((f) => `${f.check}:${f.severity}`), ['MR1001:warning', 'MR1002:error', 'MR1003:note']);
  const sarif = JSON.parse(run(['check', '--format', 'sarif', './...'], mod).stdout) as SarifDoc;
  assert.deepEqual(sarif.runs[0]!.results.map((r) => `${r.ruleId}:${r.level}`), ['MR1001:warning', 'MR1002:error', 'MR1003:note']);
  const none = JSON.parse(run(['check', '--no-config', '--format', 'json', './...'], mod).stdout) as JsonDoc;
  assert.deepEqual(none.findings.map((f) => `${f.check}:${f.severity}`), ['MR1001:error', 'MR1002:error', 'MR1003:error', 'MR0002:warning']);
});

test('cli: --checks overrides the configured checks; -CODE starts from them', () => {
  const mod = fixture('severity');
  const codes = (args: string[]) => (JSON.parse(run(['check', '--format', 'json', ...args, './...'], mod).stdout) as JsonDoc).findings.map((f) => f.check);
  assert.deepEqual(codes(['--checks=-MR1003']), ['MR1001', 'MR1002'], 'MR0002 stays off as configured');
  assert.deepEqual(codes(['--checks', 'MR0002,MR1001']), ['MR1001', 'MR0002']);
});

test('cli: --config reads a YAML file or the "maprace" key of a JSON file', () => {
  const mod = fixture('roots');
  const elsewhere = tempTree('config', {
    'roots.yaml': fs.readFileSync(path.join(mod, '.maprace.yaml'), 'utf8'),
    'package.json': JSON.stringify({ name: 'app', maprace: { roots: [{ call: 'example.com/roots/pool.Pool.Submit' }] } }),
  });
  const count = (args: string[]) => (JSON.parse(run(['check', '--format', 'json', ...args, './...'], mod).stdout) as JsonDoc).findings.length;
  assert.equal(count([]), 5);
  assert.equal(count(['--no-config']), 0);
  assert.equal(count(['--config', path.join(elsewhere, 'roots.yaml')]), 5);
  assert.equal(count(['--config', path.join(elsewhere, 'package.json')]), 3);
});

test('cli: an invalid configuration exits 2 naming file, line, column and path', () => {
  const dir = tempTree('config', {
    'go.mod': 'module example.com/bad\n\ngo 1.25\n',
    'main.go': 'package main\n\nfunc main() {}\n',
    '.maprace.yaml': 'summaries:\n  - type: example.com/bad.T\n    methods: { Put: wirte }\n',
  });
  const r = run(['check', './...'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'maprace: invalid configuration:\n  .maprace.yaml:3:21: summaries[0].methods.Put: must be one of read, write, iterate\n');
  assert.equal(run(['check', '--no-config', './...'], dir).code, 0);
  const missing = run(['check', '--config', 'nope.yaml', './...'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read configuration nope\.yaml: ENOENT/);
});

test('one process, two configurations: code of another package is not reused as lowered with the other one', async () => {
  // reg.Fill is reached from app's goroutines across packages; only the summary makes Registry.Add a write there.
  const mod = tempTree('configs', {
    'go.mod': 'module example.com/two\n\ngo 1.22\n',
    'reg/reg.go': 'package reg\n\ntype Registry struct{ names []string }\n\nfunc (r *Registry) Add(n string) { r.names = append(r.names, n) }\n\nfunc Fill(r *Registry, n string) {\n\tr.Add(n)\n}\n',
    'app/app.go': 'package app\n\nimport "example.com/two/reg"\n\nfunc Run(r *reg.Registry, names []string) {\n\tfor _, n := range names {\n\t\tgo reg.Fill(r, n)\n\t}\n}\n',
  });
  const loaded = await loadFiles(['./...'], { cwd: mod });
  const summary = { pkg: 'example.com/two/reg', names: ['Registry'], methods: { Add: 'write' as const }, constructors: [] };
  const run = async (withSummary: boolean) => {
    const library = { mapTypes: withSummary ? [summary] : [], roots: [] };
    const result = await analyze({ root: mod, modules: loaded.modules, files: loaded.files, checks: CHECKS.map((c) => c.code), library, jobs: 1, dependencyTypes: false });
    return result.diagnostics.map((d) => `${d.range.file}:${d.range.start.line}`);
  };
  assert.deepEqual(await run(true), ['reg/reg.go:8']);
  assert.deepEqual(await run(false), []);
  assert.deepEqual(await run(true), ['reg/reg.go:8']);
  fs.rmSync(mod, { recursive: true, force: true });
});
