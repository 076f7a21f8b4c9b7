// The analyzer contract: validation of the analyzer graph, the run order, results shared between analyzers,
// findings identified by their check, and the race categories that decide which check reports a race.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Analyzer, type PassBase, defineCheck, runAnalyzers, validateAnalyzers } from '../src/analysis/analyzer.js';
import { categoryOf } from '../src/analysis/races/index.js';
import type { RacePair } from '../src/analysis/races/pair.js';
import type { Access, Storage } from '../src/analysis/concurrency/threads.js';
import { ANALYZERS } from '../src/checks/registry.js';
import { buildPackage } from '../src/go/package.js';
import { TypeLookup } from '../src/go/typelookup.js';
import { Library } from '../src/go/summaries.js';

const pass = (name: string, requires: Analyzer[] = [], run: Analyzer['run'] = () => name): Analyzer => ({ name, doc: `the ${name} pass`, requires, run });

test('validateAnalyzers orders requirements first and rejects cycles, duplicate names and missing docs', () => {
  const a = pass('a');
  const b = pass('b', [a]);
  const c = pass('c', [b, a]);
  assert.deepEqual(validateAnalyzers([c]).map((x) => x.name), ['a', 'b', 'c']);
  const x: { name: string; doc: string; requires: Analyzer[]; run: () => void } = { name: 'x', doc: 'x', requires: [], run: () => undefined };
  const y = pass('y', [x]);
  x.requires.push(y);
  assert.throws(() => validateAnalyzers([y]), /cycle: y → x → y/);
  assert.throws(() => validateAnalyzers([pass('a'), pass('a')]), /two analyzers are named a/);
  assert.throws(() => validateAnalyzers([{ ...pass('d'), doc: ' ' }]), /d has no doc/);
  const late = { ...pass('late'), afterSuppression: true };
  assert.throws(() => validateAnalyzers([pass('e', [late])]), /requires late, which runs after suppression/);
  assert.equal(validateAnalyzers(ANALYZERS).filter((x) => x.check).length, ANALYZERS.length);
});

test('runAnalyzers runs a shared requirement once and gives findings the check identity', () => {
  let runs = 0;
  const shared: Analyzer<number> = { name: 'shared', doc: 'a number', requires: [], run: () => ++runs };
  const meta = { code: 'MR9001', name: 'test-check', title: 'a test', doc: 'doc', defaultEnabled: true, defaultSeverity: 'note' as const, since: '0' };
  const range = { file: 'a.go', start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
  const mk = (code: string) => defineCheck({
    meta: { ...meta, code },
    requires: [shared],
    run: (p) => p.report({ message: `saw ${p.resultOf(shared)}`, range, related: [], fixes: [], fingerprint: { function: '', map: '', kinds: '' } }),
  });
  const pkg = buildPackage('p', []);
  const lib = new Library();
  const base: PassBase = { pkg, types: new TypeLookup(pkg, lib), library: lib, modules: undefined, directives: [], enabled: () => true, truncated: () => undefined };
  const order = validateAnalyzers([mk('MR9001'), mk('MR9002')]);
  const out = runAnalyzers(order, base, new Map(), () => true);
  assert.equal(runs, 1);
  assert.deepEqual(out.map((d) => [d.check, d.name, d.severity, d.message]), [['MR9001', 'test-check', 'note', 'saw 1'], ['MR9002', 'test-check', 'note', 'saw 1']]);
  const noCheck: Analyzer = { name: 'reporter', doc: 'reports', requires: [], run: (p) => p.report({ message: '', range, related: [], fixes: [], fingerprint: { function: '', map: '', kinds: '' } }) };
  assert.throws(() => runAnalyzers([noCheck], base, new Map(), () => true), /reporter reports but is no check/);
});

test('race categories: iteration first, then copied references, then the storage kind', () => {
  const race = (kind: Access['kind'], storage: Partial<Storage>): RacePair => ({ access: { kind, storage: { key: 'k', expr: 'm', kind: 'local', ...storage } } as Access, partners: [], mates: new Map() });
  assert.equal(categoryOf(race('iterate', { kind: 'field', via: 'x' })), 'iteration');
  assert.equal(categoryOf(race('write', { kind: 'field', via: 'obj.Labels' })), 'copied-reference');
  assert.equal(categoryOf(race('write', { kind: 'global', via: 'obj.Labels' })), 'copied-reference');
  assert.equal(categoryOf(race('write', { kind: 'local', via: 'obj.Labels' })), 'local');
  assert.equal(categoryOf(race('read', { kind: 'local' })), 'local');
  assert.equal(categoryOf(race('write', { kind: 'field' })), 'field');
  assert.equal(categoryOf(race('write', { kind: 'global' })), 'global');
});
