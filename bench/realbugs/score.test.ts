// The real-bug benchmark's scoring on a small synthetic case: a hit, near misses that must not count (another
// map in the same functions, the right access with an unrelated partner), a self-concurrent race, and a finding
// that stays at the fix. Then the whole harness on a generated git repository with a buggy and a fixed commit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadGo } from '../../src/go/parser.js';
import { type BugEntry, entryProblems } from './model.js';
import { type JsonFinding, goneAtFix, isHit, mapName, scoreBuggy } from './score.js';
import { functionLocator, touchedPackages } from './trees.js';

const BUGGY = `package store

import "sync"

type Store struct {
	mu    sync.Mutex
	cache map[string]int
	other map[string]int
}

func (s *Store) Set(k string, v int) {
	s.cache[k] = v
	s.other[k] = v
}

func (s *Store) Get(k string) int {
	return s.cache[k] + s.other[k]
}

func (s *Store) Debug() int { return len(s.cache) }

func Run(s *Store) {
	go s.Set("a", 1)
	go func() { s.cache["b"] = 2 }()
	_ = s.Get("a")
}
`;

const FIXED = BUGGY.replace('func (s *Store) Set(k string, v int) {\n', 'func (s *Store) Set(k string, v int) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n')
  .replace('func (s *Store) Get(k string) int {\n', 'func (s *Store) Get(k string) int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n')
  .replace('go func() { s.cache["b"] = 2 }()', 'go s.Set("b", 2)')
  .replace('func (s *Store) Debug() int { return len(s.cache) }\n\n', '');

const entry: BugEntry = {
  id: 'synthetic-1',
  repo: 'example/store',
  fixCommit: 'b'.repeat(40),
  buggyCommit: 'a'.repeat(40),
  module: 'mod',
  map: { expr: 's.cache', names: ['cache'], type: 'map[string]int' },
  accesses: [
    { file: 'mod/store/store.go', function: '(*Store).Set', kind: 'write', line: 12 },
    { file: 'mod/store/store.go', function: '(*Store).Get', kind: 'read', line: 17 },
  ],
  selfConcurrent: false,
  goroutines: 'Run starts Set on a goroutine while its caller reads with Get',
  crossPackage: false,
  pattern: 'struct-field',
  fixKind: 'mutex',
  evidence: { kind: 'code-reading', quote: 'synthetic' },
  note: 'synthetic case for the scorer',
};

const finding = (map: string, line: number, partners: number[]): JsonFinding => ({
  check: 'MR1002',
  message: `write of map ${map}`,
  location: { file: 'store/store.go', line },
  related: partners.map((l) => ({ message: 'access', kind: 'access', location: { file: 'store/store.go', line: l } })),
  fingerprint: { function: '', map, kinds: 'write', hash: '' },
});

describe('real-bug scoring', () => {
  let at: (file: string, line: number) => string | undefined;
  before(async () => {
    await loadGo();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-score-'));
    fs.mkdirSync(path.join(root, 'mod', 'store'), { recursive: true });
    fs.writeFileSync(path.join(root, 'mod', 'store', 'store.go'), BUGGY);
    at = functionLocator(root);
  });

  it('names functions as Go does, closures by their enclosing function', () => {
    assert.equal(at('mod/store/store.go', 12), '(*Store).Set');
    assert.equal(at('mod/store/store.go', 24), 'Run');
    assert.equal(at('mod/store/store.go', 4), undefined);
    assert.equal(mapName('pods[i].Labels'), 'Labels');
  });

  it('counts the finding whose two accesses are the racing ones', () => {
    assert.equal(isHit(entry, finding('s.cache', 12, [17]), 'mod', at), true);
    assert.equal(isHit(entry, finding('s.cache', 17, [12]), 'mod', at), true);
  });

  it('does not count another map in the same functions, nor the right access with an unrelated partner', () => {
    assert.equal(isHit(entry, finding('s.other', 13, [17]), 'mod', at), false);
    assert.equal(isHit(entry, finding('s.cache', 12, [20]), 'mod', at), false);
    assert.equal(isHit(entry, finding('s.cache', 12, []), 'mod', at), false, 'a self-race is not this bug');
    const score = scoreBuggy(entry, [finding('s.other', 13, [17]), finding('s.cache', 24, [20])], 'mod', at);
    assert.deepEqual([score.found, score.near], [false, 0]);
  });

  it('accepts a self-race for a self-concurrent entry', () => {
    const self = { ...entry, selfConcurrent: true, accesses: [entry.accesses[0]!] };
    assert.equal(isHit(self, finding('s.cache', 12, []), 'mod', at), true);
    assert.equal(isHit(self, finding('s.cache', 17, []), 'mod', at), false);
  });

  it('says whether the finding is gone at the fix', () => {
    assert.equal(goneAtFix(entry, [finding('s.other', 13, [17])], 'mod', at), true);
    assert.equal(goneAtFix(entry, [finding('s.cache', 20, [12])], 'mod', at), false);
  });

  it('checks entries for what the schema cannot say', () => {
    assert.deepEqual(entryProblems([entry]), []);
    const bad = { ...entry, buggyCommit: entry.fixCommit, accesses: [{ ...entry.accesses[1]! }] };
    assert.equal(entryProblems([bad, bad]).length, 7, "per entry: same commits, one access without selfConcurrent, no write; and the duplicate id");
  });

  it('finds the touched packages inside the module', () => {
    assert.deepEqual(touchedPackages(entry, ['mod/store/store.go', 'mod/api/x_test.go', 'other/y.go', 'mod/vendor/z/z.go']), ['store']);
  });
});

describe('bench:realbugs on a generated repository', () => {
  it('extracts both commits, runs maprace and scores the entry', (t) => {
    if (spawnSync('git', ['--version']).status !== 0) return t.skip('git is not installed');
    const repos = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-realbugs-repos-'));
    const work = path.join(repos, 'example+store');
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-C', work, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    fs.mkdirSync(path.join(work, 'mod', 'store'), { recursive: true });
    git('init', '-q');
    fs.writeFileSync(path.join(work, 'mod', 'go.mod'), 'module example.com/store\n\ngo 1.22\n');
    fs.writeFileSync(path.join(work, 'mod', 'store', 'store.go'), BUGGY);
    git('add', '.');
    git('commit', '-qm', 'buggy');
    const buggy = git('rev-parse', 'HEAD');
    fs.writeFileSync(path.join(work, 'mod', 'store', 'store.go'), FIXED);
    git('commit', '-qam', 'fix');
    const fixed = git('rev-parse', 'HEAD');
    const bugs = path.join(repos, 'bugs.json');
    fs.writeFileSync(bugs, JSON.stringify({ version: 1, entries: [{ ...entry, buggyCommit: buggy, fixCommit: fixed }] }));
    const out = path.join(repos, 'out.json');
    const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'realbugs.js');
    const r = spawnSync(process.execPath, [cli, '--repos', repos, '--bugs', bugs, '--only', 'synthetic-1', '--work', path.join(repos, 'trees'), '--json', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [res] = (JSON.parse(fs.readFileSync(out, 'utf8')) as { results: Record<string, unknown>[] }).results;
    assert.equal(res!.status, 'scored', String(res!.error));
    assert.deepEqual([res!.foundInPackages, res!.foundInModule, res!.goneAtFix], [true, true, true]);
    assert.match(r.stdout, /repositories outside the split/);
    fs.rmSync(repos, { recursive: true, force: true });
  });
});
