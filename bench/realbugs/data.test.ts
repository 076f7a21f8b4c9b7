// The benchmark data as committed: bugs.json valid and as wide as the protocol needs; the reviewed verdicts
// only from the validation half, each false one with its reason.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Verdicts } from '../precision/sample.js';
import { DATA_DIR, PATTERNS, halfOf, loadBugs, loadSplit } from './model.js';

describe('bench/realbugs data', () => {
  const bugs = loadBugs();
  const split = loadSplit();

  it('has at least 40 entries, 6 of each of the struct-field, shared-object and escaping-reference patterns', () => {
    assert.ok(bugs.length >= 40, `${bugs.length} entries`);
    for (const p of ['struct-field', 'shared-object', 'escaping-reference'] as const) {
      const n = bugs.filter((b) => b.pattern === p).length;
      assert.ok(n >= 6, `${p}: ${n}`);
    }
    assert.ok(bugs.every((b) => PATTERNS.includes(b.pattern)));
  });

  it('takes every entry from a repository of the split, with a note and evidence', () => {
    for (const b of bugs) {
      assert.ok(halfOf(split, b.repo), `${b.id}: ${b.repo} is in neither half`);
      assert.ok(b.note.length > 20 && b.evidence.quote.length > 0, b.id);
      for (const a of b.accesses) assert.ok(b.module === '.' || a.file.startsWith(`${b.module}/`), `${b.id}: ${a.file} is outside module ${b.module}`);
    }
    assert.ok(bugs.filter((b) => halfOf(split, b.repo) === 'validation').length >= 20, 'the validation half carries the quoted numbers');
  });

  it('keeps verdicts of the validation half only, each false one with a reason', () => {
    const v = JSON.parse(fs.readFileSync(path.join(DATA_DIR, '..', 'reviewed', 'verdicts.json'), 'utf8')) as Verdicts;
    assert.ok(v.seed && v.sample > 0);
    for (const r of v.repos) assert.equal(halfOf(split, r.repo), 'validation', r.repo);
    for (const f of v.verdicts) {
      assert.ok(v.repos.some((r) => r.repo === f.repo && r.commit === f.commit), `${f.repo}@${f.commit} is not a reviewed repository`);
      assert.ok(['real', 'false', 'unclear'].includes(f.verdict));
      if (f.verdict === 'false') assert.ok(f.reasonClass && f.reason.length > 10, `${f.repo} ${f.file}:${f.line}`);
    }
  });
});
