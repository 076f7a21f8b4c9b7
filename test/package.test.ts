// The three ways maprace is installed, each built from this checkout and run where nothing else can help it:
// the npm tarball installed offline into an empty project, the single-file bundle run by a bare `node`, and the
// standalone executable run with a PATH that holds nothing but itself. Also: the Action's committed bundle is
// the one the sources build today.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { REPO } from './paths.js';

const EXAMPLE = path.join(REPO, 'examples', 'tenant-operator');
const DUMP = path.join(REPO, 'test', 'triage', 'dumps', 'writes-local-system.txt');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };

const made: string[] = [];
after(() => { for (const dir of made) fs.rmSync(dir, { recursive: true, force: true }); });
const tmp = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `maprace-${name}-`));
  made.push(dir);
  return dir;
};

function run(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined>) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: env as NodeJS.ProcessEnv, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

/** A copy of the example module to check, with no node_modules anywhere above it. */
function exampleModule(): string {
  const dir = path.join(tmp('mod'), 'tenant-operator');
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** What every installed form must do: check a module (exit 1, the example's findings) and triage a dump. */
function exercise(label: string, mod: string, maprace: (args: string[], cwd: string) => ReturnType<typeof run>): void {
  const check = maprace(['check', './...'], mod);
  assert.equal(check.code, 1, `${label} check: ${check.stderr}${check.error ?? ''}`);
  assert.doesNotMatch(check.stderr, /warning/i, label);
  assert.match(check.stdout, /replicate\/replicate\.go:50:\d+: error: write of map processed/, label);
  assert.match(check.stdout, /\d+ findings in 2 files/, label);
  const triage = maprace(['triage', DUMP], mod);
  assert.equal(triage.code, 1, `${label} triage: ${triage.stderr}`);
  assert.match(triage.stdout, /^fatal error: concurrent map writes/, label);
  const version = maprace(['--version'], mod);
  assert.match(version.stdout, new RegExp(`^maprace ${pkg.version.replace(/\./g, '\\.')} \\(Go grammar tree-sitter-go \\d+\\.\\d+\\.\\d+`), label);
}

test('npm pack from a clean checkout: a prepack build, only runtime files, the grammar inside; installed offline it checks and triages', () => {
  // The checkout's files as git sees them (tracked and new, not ignored): no dist/ to start from.
  const src = path.join(tmp('clone'), 'maprace');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!fs.existsSync(path.join(REPO, file))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(src, file));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(src, 'node_modules'));
  const out = tmp('pack');
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const packed = run('npm', ['pack', '--json', '--pack-destination', out], src, env);
  assert.equal(packed.code, 0, packed.stderr);
  const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  const files = info.files.map((f) => f.path);
  for (const wanted of ['dist/src/cli/main.js', 'dist/src/analysis/worker.js', 'dist/grammar/tree-sitter-go.wasm', 'dist/grammar/LICENSE', 'schemas/maprace-config.schema.json', 'README.md', 'package.json']) {
    assert.ok(files.includes(wanted), `${wanted} is in the package`);
  }
  const extra = files.filter((f) => /\.(ts|map)$/.test(f) || /^(dist\/(test|bench)|test|src|scripts|action|examples|schemas\/third_party)\//.test(f));
  assert.deepEqual(extra, [], 'only runtime files');

  // An empty project that depends on the tarball; the tarball's dependencies at the versions this checkout locks,
  // from the npm cache that `npm ci` filled (--offline: no network).
  const app = tmp('app');
  const tarball = `file:${path.join(out, info.filename)}`;
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; version?: string }> };
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { maprace: tarball } },
    'node_modules/maprace': { version: pkg.version, resolved: tarball, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  // This checkout's lock records no download addresses: give each entry its registry tarball, which npm then
  // takes from the cache by integrity, with no registry metadata needed.
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/?$/, '/');
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[key] = { resolved: `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`, ...entry };
  }
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { maprace: tarball } }));
  fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }));
  const installed = run('npm', ['install', '--offline', '--no-audit', '--no-fund'], app, env);
  assert.equal(installed.code, 0, installed.stderr);
  assert.ok(!fs.existsSync(path.join(app, 'node_modules', 'tree-sitter-go')), 'the grammar comes inside the package, not from tree-sitter-go');

  // `cd your-module && npx maprace check ./...`, with the module inside the project.
  const mod = path.join(app, 'tenant-operator');
  fs.cpSync(EXAMPLE, mod, { recursive: true });
  exercise('npx', mod, (args, cwd) => run('npx', ['--offline', 'maprace', ...args], cwd, env));
});

test('single-file bundle: one .cjs file run by node alone, away from node_modules', () => {
  const dir = tmp('bundle');
  const bundle = path.join(dir, 'maprace.cjs');
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'bundle.mjs'), '--out', bundle], { cwd: REPO, stdio: 'pipe' });
  assert.deepEqual(fs.readdirSync(dir), ['maprace.cjs']);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  exercise('bundle', exampleModule(), (args, cwd) => run(path.join(bin, 'node'), [bundle, ...args], cwd, { PATH: bin }));
});

test('standalone executable: runs with a PATH that holds nothing but itself', { skip: process.platform !== 'linux' && 'built for Linux' }, () => {
  const bin = tmp('sea');
  const exe = path.join(bin, 'maprace');
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'sea.mjs'), '--out', exe], { cwd: REPO, stdio: 'pipe' });
  assert.deepEqual(fs.readdirSync(bin), ['maprace']);
  exercise('executable', exampleModule(), (args, cwd) => run('maprace', args, cwd, { PATH: bin }));
});
