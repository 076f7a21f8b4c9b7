// What CI plumbing reads: GitHub workflow commands, Checkstyle, Code Climate (GitLab), the one-line format, baselines, --new-from-rev,
// --report, and the GitHub Action's entry point run with the environment a runner gives it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AnalyzeResult } from '../src/analysis/api.js';
import { CHECKS } from '../src/checks/registry.js';
import { addedLines } from '../src/cli/changes.js';
import type { Diagnostic } from '../src/model.js';
import { checkstyleReporter, escapeData, escapeProperty, githubReporter } from '../src/report/ci.js';
import { codeClimateReporter } from '../src/report/codeclimate.js';
import { findReporter } from '../src/report/index.js';
import { lineReporter } from '../src/report/line.js';
import { sarifReporter } from '../src/report/sarif.js';
import { CLI, REPO, tempTree } from './paths.js';

const EXAMPLE = path.join(REPO, 'examples', 'tenant-operator');

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-ci-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

function hostile(): AnalyzeResult {
  const d: Diagnostic = {
    check: 'MR1002',
    name: 'unlocked-field-map',
    severity: 'error',
    message: 'write of map m["a,b:c"] races with 100% <script>alert(1)</script> &\r\nnext line',
    range: { file: 'dir,with:odd/fi&le<1>.go', start: { line: 3, column: 2 }, end: { line: 3, column: 9 } },
    related: [{ range: { file: 'x.go', start: { line: 7, column: 1 }, end: { line: 7, column: 2 } }, message: 'read of map m' }],
    suggestion: 'guard "m" with a sync.Mutex',
    fixes: [],
    fingerprint: { function: 'f', map: 'm', kinds: 'read+write' },
  };
  return { diagnostics: [d], errors: [], stats: { files: 1, lines: 10, bytes: 100, skipped: 0 } } as unknown as AnalyzeResult;
}

const ctx = { root: REPO, color: false, version: '0.0.0-test', checks: CHECKS };

test('github: workflow-command escaping of data and properties', () => {
  assert.equal(escapeData('a%b\r\nc'), 'a%25b%0D%0Ac');
  assert.equal(escapeProperty('a,b:c%'), 'a%2Cb%3Ac%25');
  const out = githubReporter.render(hostile(), ctx);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines.length, 1, 'one finding is one line: newlines in messages are escaped');
  assert.match(lines[0]!, /^::error file=dir%2Cwith%3Aodd\/fi&le<1>\.go,line=3,endLine=3,col=2,endColumn=9,title=MR1002 unlocked-field-map::/);
  assert.match(lines[0]!, /100%25 <script>/);
  assert.match(lines[0]!, /&%0D%0Anext line%0A  x\.go:7: read of map m%0Afix: guard "m"/);
});

test('github: paths relative to GITHUB_WORKSPACE', () => {
  const saved = process.env.GITHUB_WORKSPACE;
  process.env.GITHUB_WORKSPACE = path.dirname(REPO);
  try {
    const out = githubReporter.render(hostile(), ctx);
    assert.match(out, new RegExp(`file=${path.basename(REPO)}/dir%2Cwith`));
  } finally {
    if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
    else process.env.GITHUB_WORKSPACE = saved;
  }
});

test('sarif: URIs relative to GITHUB_WORKSPACE with every segment encoded; github: no columns on multi-line ranges', () => {
  const saved = process.env.GITHUB_WORKSPACE;
  process.env.GITHUB_WORKSPACE = path.dirname(REPO);
  try {
    const result = hostile();
    result.diagnostics[0]!.range.file = 'a#b/c?d%e.go';
    const sarif = JSON.parse(sarifReporter.render(result, ctx)) as { runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const run0 = sarif.runs[0]!;
    assert.equal(run0.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, `${encodeURIComponent(path.basename(REPO))}/a%23b/c%3Fd%25e.go`);
    assert.equal(run0.originalUriBaseIds['%SRCROOT%']!.uri.endsWith(`${path.basename(path.dirname(REPO))}/`), true);
    result.diagnostics[0]!.range.end.line = 5;
    assert.doesNotMatch(githubReporter.render(result, ctx), /col=/);
  } finally {
    if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
    else process.env.GITHUB_WORKSPACE = saved;
  }
});

test('checkstyle: well-formed XML that carries hostile text exactly', () => {
  const xml = checkstyleReporter.render(hostile(), ctx);
  assert.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { checkstyle: { file: { name: string; error: Record<string, string> } } };
  assert.equal(doc.checkstyle.file.name, 'dir,with:odd/fi&le<1>.go');
  assert.equal(doc.checkstyle.file.error.source, 'maprace.MR1002');
  assert.equal(doc.checkstyle.file.error.severity, 'error');
  assert.match(String(doc.checkstyle.file.error.message), /<script>alert\(1\)<\/script> &/);
});

test('sarif: brackets in messages are escaped so that only the links are links; a location the message does not name follows as see also', () => {
  const log = JSON.parse(sarifReporter.render(hostile(), ctx)) as { runs: { results: { message: { text: string } }[] }[] };
  const text = log.runs[0]!.results[0]!.message.text;
  assert.match(text, /^write of map m\\\["a,b:c"\\\] races with/);
  assert.match(text, /; see also \[read of map m\]\(1\); fix: guard "m"/);
});

test('golangci-json is gone: maprace does not claim a format that golangci-lint readers would not read', () => {
  assert.equal(findReporter('golangci-json'), undefined);
});

test('line: file:line:col: message (CODE), one line per finding, as errorformat reads it', () => {
  const out = lineReporter.render(hostile(), ctx);
  assert.equal(out, 'dir,with:odd/fi&le<1>.go:3:2: write of map m["a,b:c"] races with 100% <script>alert(1)</script> &??next line (MR1002)\n');
  const dir = copyExample();
  const r = run(['check', '--format', 'line', './...'], dir);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 5);
  for (const l of lines) assert.match(l, /^[\w/.-]+\.go:\d+:\d+: (write|read|iteration) of map .* \(MR10\d\d\)$/);
  // Vim's default errorformat for Go (%f:%l:%c: %m) takes the file, line and column.
  const m = /^(?<f>[^:]+):(?<l>\d+):(?<c>\d+): (?<msg>.*)$/.exec(lines[0]!);
  assert.ok(m && fs.existsSync(path.join(dir, m.groups!.f!)));
});

test('code-climate: the issue list GitLab reads as a code quality report', () => {
  const result = hostile();
  result.diagnostics.push({ ...result.diagnostics[0]!, range: { ...result.diagnostics[0]!.range, start: { line: 9, column: 1 } }, severity: 'warning' });
  const issues = JSON.parse(codeClimateReporter.render(result, ctx)) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
  assert.equal(issues.length, 2);
  assert.deepEqual(issues.map((i) => i.severity), ['critical', 'minor']);
  assert.deepEqual(issues[0]!.location, { path: 'dir,with:odd/fi&le<1>.go', lines: { begin: 3, end: 3 } });
  assert.equal(issues[0]!.check_name, 'MR1002 unlocked-field-map');
  assert.match(issues[0]!.description, /^write of map .*; fix: guard "m"/s);
  assert.match(issues[0]!.fingerprint, /^[0-9a-f]{32}$/);
  assert.notEqual(issues[0]!.fingerprint, issues[1]!.fingerprint, 'GitLab needs one fingerprint per issue');
});

test('checkstyle: tab, newline and CR in names and messages are character references, not raw in attributes', () => {
  const result = hostile();
  const d = result.diagnostics[0]!;
  d.range.file = 'a\tb\nc\rd.go';
  const xml = checkstyleReporter.render(result, ctx);
  assert.doesNotMatch(xml, /="[^"]*[\t\n\r]/, 'attribute-value normalisation would turn them into spaces');
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true }).parse(xml) as { checkstyle: { file: { name: string; error: Record<string, string> } } };
  assert.equal(doc.checkstyle.file.name, 'a\tb\nc\rd.go');
  assert.match(doc.checkstyle.file.error.message!, /&\r\nnext line/);
});

test('--report writes extra formats from one analysis; bad specs are usage errors', () => {
  const dir = copyExample();
  const r = run(['check', '--format', 'json', '-o', 'out.json', '--report', 'sarif=out.sarif', '--report', 'checkstyle=out.xml', './...'], dir);
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')) as { findings: unknown[] };
  const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
  assert.equal(sarif.runs[0]!.results.length, json.findings.length);
  assert.equal(XMLValidator.validate(fs.readFileSync(path.join(dir, 'out.xml'), 'utf8')), true);
  assert.equal(run(['check', '--report', 'nope=x', './...'], dir).code, 2);
  assert.equal(run(['check', '--report', 'sarif', './...'], dir).code, 2);
});

/** Inserts text before a line of a file (1-based). */
function insertBefore(file: string, line: number, text: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.splice(line - 1, 0, text);
  fs.writeFileSync(file, lines.join('\n'));
}

test('baseline: written when missing, then only new findings; survives moved lines; a renamed function is new', () => {
  const dir = copyExample();
  const base = path.join(dir, 'maprace-baseline.json');
  let r = run(['check', '--baseline', base, './...'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /recorded 5 finding\(s\)/);
  const doc = JSON.parse(fs.readFileSync(base, 'utf8')) as { version: number; findings: { count: number; file: string }[] };
  assert.equal(doc.version, 1);
  assert.equal(doc.findings.reduce((n, e) => n + e.count, 0), 5);

  // Lines inserted above every finding: nothing new.
  insertBefore(path.join(dir, 'vip', 'manager.go'), 3, '// a comment\n// and another\n');
  insertBefore(path.join(dir, 'replicate', 'replicate.go'), 3, '// moved\n');
  r = run(['check', '--baseline', base, './...'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /0 new finding\(s\), 5 in the baseline/);

  // A new racy function: reported, and only it.
  fs.writeFileSync(path.join(dir, 'replicate', 'extra.go'), `package replicate

import "sync"

func Extra(names []string) map[string]bool {
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen[n] = true
		}()
	}
	wg.Wait()
	return seen
}
`);
  r = run(['check', '--format', 'json', '--baseline', base, './...'], dir);
  assert.equal(r.code, 1);
  const found = (JSON.parse(r.stdout) as { findings: { location: { file: string } }[] }).findings;
  assert.deepEqual(found.map((f) => f.location.file), ['replicate/extra.go']);

  // --update-baseline records it; renaming the function makes it new again.
  assert.equal(run(['check', '--baseline', base, '--update-baseline', './...'], dir).code, 0);
  assert.equal(run(['check', '--baseline', base, './...'], dir).code, 0);
  const extra = path.join(dir, 'replicate', 'extra.go');
  fs.writeFileSync(extra, fs.readFileSync(extra, 'utf8').replace('func Extra(', 'func Renamed('));
  r = run(['check', '--baseline', base, './...'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /1 new finding\(s\), 5 in the baseline, 1 baseline finding\(s\) no longer occur/);

  fs.writeFileSync(base, '{"not": "a baseline"}');
  assert.equal(run(['check', '--baseline', base, './...'], dir).code, 2);
  assert.equal(run(['check', '--update-baseline', './...'], dir).code, 2);
});

test('SARIF partialFingerprints do not change when lines move', () => {
  const dir = copyExample();
  const prints = () => {
    run(['check', '--format', 'sarif', '-o', 'out.sarif', './...'], dir);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { runs: { results: { partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    return sarif.runs[0]!.results.map((r) => ({ fp: JSON.stringify(r.partialFingerprints), line: r.locations[0]!.physicalLocation.region.startLine }));
  };
  const before = prints();
  insertBefore(path.join(dir, 'vip', 'manager.go'), 3, '// pushed down\n');
  const after = prints();
  assert.deepEqual(after.map((x) => x.fp).sort(), before.map((x) => x.fp).sort());
  assert.notDeepEqual(after.map((x) => x.line), before.map((x) => x.line));
});

test('changed lines: additions and edits on the new side, none for deletions or line-end changes', () => {
  const old = ['a', 'b', 'c', 'd', 'e', ''].join('\n');
  assert.deepEqual(addedLines(old, old), new Set());
  assert.deepEqual(addedLines(old, ['a', 'x', 'y', 'c', 'e', 'f', ''].join('\n')), new Set([2, 3, 6]));
  assert.deepEqual(addedLines(old, ['a', 'c', 'e', ''].join('\n')), new Set());
  assert.deepEqual(addedLines(old, old.replace(/\n/g, '\r\n')), new Set(), 'CRLF in the work tree (core.autocrlf)');
  assert.deepEqual(addedLines('a\nb', 'a\nb\nc\n'), new Set([2, 3]), 'a newline added at the end changes the last line, as in git');
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
}

test('--new-from-rev: only findings touching lines changed since REV (committed, uncommitted, untracked)', () => {
  const dir = copyExample();
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  let r = run(['check', '--format', 'json', '--new-from-rev', base, './...'], dir);
  assert.equal(r.code, 0, r.stderr);

  // Touch the line of the replicate finding only (uncommitted change).
  const file = path.join(dir, 'replicate', 'replicate.go');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('processed.Insert(o.Name)', 'processed.Insert(o.Name + "")'));
  r = run(['check', '--format', 'json', '--new-from-rev', base, './...'], dir);
  assert.equal(r.code, 1);
  let files = (JSON.parse(r.stdout) as { findings: { location: { file: string } }[] }).findings.map((f) => f.location.file);
  assert.deepEqual(files, ['replicate/replicate.go']);

  // Committed changes count too; an untracked file counts whole.
  git(dir, 'commit', '-q', '-am', 'change');
  fs.writeFileSync(path.join(dir, 'replicate', 'extra.go'), 'package replicate\n\nimport "sync"\n\nfunc Extra(n []string) {\n\tm := map[string]bool{}\n\tvar wg sync.WaitGroup\n\tfor _, s := range n {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); m[s] = true }()\n\t}\n\twg.Wait()\n}\n');
  r = run(['check', '--format', 'json', '--new-from-rev', base, './...'], dir);
  files = (JSON.parse(r.stdout) as { findings: { location: { file: string } }[] }).findings.map((f) => f.location.file);
  assert.deepEqual(files.sort(), ['replicate/extra.go', 'replicate/replicate.go']);

  assert.equal(run(['check', '--new-from-rev', 'no-such-rev', './...'], dir).code, 2);
  // An unset CI variable: an error, not every finding.
  const empty = run(['check', '--new-from-rev', '', './...'], dir);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--new-from-rev: empty revision/);
  const plain = copyExample();
  const r2 = run(['check', '--new-from-rev', 'HEAD', './...'], plain, { GIT_CEILING_DIRECTORIES: path.dirname(plain) });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /--new-from-rev: git/);
});

test('--new-from-rev runs nothing the analysed repository configures: drivers, filters, hooks, fsmonitor, transports, PATH', () => {
  const racy = (name: string) => `package p\n\nvar ${name} = map[int]int{}\n\nfunc w${name}(i int) { ${name}[i] = i }\n\nfunc Start${name}() {\n\tgo w${name}(1)\n\tgo w${name}(2)\n}\n`;
  const dir = tempTree('hostile-git', { 'go.mod': 'module example.com/x\n', 'p.go': racy('p'), 'q.go': racy('q'), 'same.go': racy('s'), '.gitattributes': '* diff=x filter=x merge=x\n' });
  const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-markers-'));
  const touch = (what: string) => `touch '${path.join(markers, what)}'`;
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  // q.go's blob is missing, as in a partial clone: reading it would fetch it from the promisor remote.
  const q = git(dir, 'rev-parse', 'HEAD:q.go').trim();
  fs.rmSync(path.join(dir, '.git', 'objects', q.slice(0, 2), q.slice(2)));
  const config: [string, string][] = [
    ['core.fsmonitor', `${touch('fsmonitor')}; false`],
    ['diff.x.textconv', `sh -c "${touch('textconv')}; cat \\"$0\\""`],
    ['diff.x.command', touch('diff-command')],
    ['diff.external', touch('diff-external')],
    ['filter.x.clean', `sh -c "${touch('clean')}; cat"`],
    ['filter.x.smudge', `sh -c "${touch('smudge')}; cat"`],
    ['filter.x.process', touch('filter-process')],
    ['filter.x.required', 'true'],
    ['merge.x.driver', touch('merge')],
    ['core.pager', touch('pager')],
    ['pager.diff', touch('pager-diff')],
    ['core.editor', touch('editor')],
    ['core.sshCommand', touch('ssh')],
    ['core.askPass', touch('askpass')],
    ['credential.helper', `!${touch('credential')}`],
    ['gpg.program', touch('gpg')],
    ['log.showSignature', 'true'],
    ['core.repositoryformatversion', '1'],
    ['extensions.partialClone', 'origin'],
    ['remote.origin.promisor', 'true'],
    ['remote.origin.url', `ext::sh -c ${touch('ext-transport').replace(/ /g, '% ')}`],
    ['protocol.allow', 'always'],
    ['protocol.ext.allow', 'always'],
  ];
  for (const [key, value] of config) git(dir, 'config', key, value);
  for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc', 'fsmonitor-watchman', 'post-commit', 'pre-commit']) {
    fs.writeFileSync(path.join(dir, '.git', 'hooks', hook), `#!/bin/sh\n${touch(`hook-${hook}`)}\n`, { mode: 0o755 });
  }
  // A \`git\` in the analysed tree, found through an empty PATH entry (the current directory).
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\n${touch('path-git')}\nexit 1\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'p.go'), racy('p').replace('go wp(2)', 'go wp(3)'));
  const r = run(['check', '--format', 'json', '--new-from-rev', 'HEAD', './...'], dir, { PATH: `:${process.env.PATH ?? ''}` });
  assert.deepEqual(fs.readdirSync(markers), [], 'nothing from the repository ran');
  assert.equal(r.code, 1, r.stderr);
  // The changed line of p.go, and q.go whose old text git cannot give without fetching it: never same.go.
  const found = (JSON.parse(r.stdout) as { findings: { location: { file: string; line: number } }[] }).findings.map((f) => `${f.location.file}:${f.location.line}`);
  assert.ok(found.includes('p.go:5') && found.some((f) => f.startsWith('q.go:')) && !found.some((f) => f.startsWith('same.go:')), found.join(' '));
});

// ---- the GitHub Action ----------------------------------------------------------------------------------

/** What `uses: maprace/maprace@v1` checks out, as far as the Action reads it: action.yml and action/ (no dist/, no node_modules). */
function actionCheckout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-action-'));
  fs.copyFileSync(path.join(REPO, 'action.yml'), path.join(dir, 'action.yml'));
  fs.cpSync(path.join(REPO, 'action'), path.join(dir, 'action'), { recursive: true });
  return dir;
}

function runAction(workspace: string, inputs: Record<string, string>, event?: object) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-runner-'));
  const action = actionCheckout();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: action,
    GITHUB_OUTPUT: path.join(tmp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'),
    GITHUB_EVENT_NAME: event ? 'pull_request' : 'push',
    RUNNER_TEMP: tmp,
  };
  if (event) {
    env.GITHUB_EVENT_PATH = path.join(tmp, 'event.json');
    fs.writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(event));
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  fs.writeFileSync(env.GITHUB_OUTPUT!, '');
  const r = spawnSync(process.execPath, [path.join(action, 'action', 'main.mjs')], { cwd: workspace, encoding: 'utf8', env });
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: read(env.GITHUB_OUTPUT!), summary: read(env.GITHUB_STEP_SUMMARY!) };
}

test('action.yml: node24 entry point and the inputs main.mjs reads', () => {
  const yml = fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8');
  assert.match(yml, /using: node24/);
  assert.match(yml, /main: action\/main\.mjs/);
  const source = fs.readFileSync(path.join(REPO, 'action', 'main.mjs'), 'utf8');
  for (const name of source.matchAll(/input\('([a-z-]+)'/g)) assert.match(yml, new RegExp(`\\n  ${name[1]}:`), `input ${name[1]} is declared`);
});

test('action: annotations, SARIF, outputs, step summary, failure by threshold', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-ws-'));
  fs.cpSync(EXAMPLE, path.join(ws, 'operator'), { recursive: true });
  const r = runAction(ws, { 'working-directory': 'operator', 'fail-on': 'error' });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal((r.stdout.match(/^::error file=/gm) ?? []).length, 5);
  assert.match(r.stdout, /::error title=maprace::5 finding\(s\) of severity error or worse/);
  assert.match(r.output, /^findings=5$/m);
  const sarifPath = /^sarif-file=(.*)$/m.exec(r.output)![1]!;
  assert.equal(sarifPath, path.join(ws, 'maprace.sarif'));
  const sarif = JSON.parse(fs.readFileSync(sarifPath, 'utf8')) as { runs: { results: unknown[] }[] };
  assert.equal(sarif.runs[0]!.results.length, 5);
  assert.match(r.summary, /### maprace: 5 finding\(s\)/);
  assert.match(r.summary, /\| MR1001 \| `operator\/replicate\/replicate\.go:50` \|/);

  assert.equal(runAction(ws, { 'working-directory': 'operator', 'fail-on': 'none' }).code, 0);
  assert.equal(runAction(ws, { 'working-directory': 'operator', 'fail-on': '5' }).code, 0);
  assert.equal(runAction(ws, { 'working-directory': 'operator', 'fail-on': '4' }).code, 1);
  const bad = runAction(ws, { 'working-directory': 'operator', 'fail-on': 'sometimes' });
  assert.equal(bad.code, 2);
  assert.match(bad.stdout, /::error title=maprace::fail-on: expected/);
});

test('action: an incomplete analysis is reported in full and fails the job whatever fail-on says', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-ws-'));
  fs.cpSync(EXAMPLE, ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'replicate', 'blob.go'), 'package replicate\n\x00\n');
  const r = runAction(ws, { 'fail-on': 'none' });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /^::error file=replicate\/blob\.go,title=maprace%3A not analysed::skipped: binary content/m);
  assert.match(r.stdout, /::error title=maprace::analysis incomplete: 1 files\/packages not analysed/);
  assert.match(r.output, /^findings=5$/m);
  assert.match(r.summary, /### maprace: analysis incomplete, 1 file\(s\)\/package\(s\) not analysed/);
  assert.match(r.summary, /\| `replicate\/blob\.go` \| skipped: binary content \(NUL byte\) \|/);
  assert.match(r.summary, /\| MR1001 \| `replicate\/replicate\.go:50` \|/);
});

test('action: on a pull request with only-new, findings outside the change are not reported', () => {
  const ws = copyExample();
  git(ws, 'init', '-q');
  git(ws, 'add', '.');
  git(ws, 'commit', '-q', '-m', 'base');
  const base = git(ws, 'rev-parse', 'HEAD').trim();
  const file = path.join(ws, 'vip', 'manager.go');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('m.services[ev.Name] = ev.VIP', 'm.services[ev.Name] = ev.VIP + ""'));
  git(ws, 'commit', '-q', '-am', 'pr');
  const event = { pull_request: { number: 7, base: { sha: base }, head: { sha: git(ws, 'rev-parse', 'HEAD').trim() } } };
  const r = runAction(ws, { 'only-new': 'true', 'fail-on': 'error' }, event);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const annotated = [...r.stdout.matchAll(/^::error file=([^,]+),line=(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
  assert.ok(annotated.length >= 1 && annotated.every((a) => a.startsWith('vip/manager.go')), annotated.join(' '));
  assert.ok(!annotated.some((a) => a.startsWith('replicate/')));
});

test('README: the uses: line names the major version tag that docs/releasing.md moves to every release', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const uses = [...readme.matchAll(/uses: maprace\/maprace@(\S+)/g)].map((m) => m[1]);
  assert.ok(uses.length > 0);
  for (const tag of uses) assert.equal(tag, `v${version.split('.')[0]}`);
  assert.match(fs.readFileSync(path.join(REPO, 'docs', 'releasing.md'), 'utf8'), /git tag -f v0 && git push -f origin v0/);
});

test('action: the committed bundle is the one the sources build today (run npm run bundle after changing src/)', () => {
  const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-bundle-')), 'maprace.cjs');
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'bundle.mjs'), '--out', fresh], { cwd: REPO, stdio: 'pipe' });
  const committed = path.join(REPO, 'action', 'dist', 'maprace.cjs');
  assert.ok(fs.existsSync(committed), 'action/dist/maprace.cjs is committed');
  assert.ok(fs.readFileSync(fresh).equals(fs.readFileSync(committed)), 'action/dist/maprace.cjs is stale: run npm run bundle and commit it');
});
