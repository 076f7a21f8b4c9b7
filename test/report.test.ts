// Each reporter on diagnostics built here (with fixes and several related locations, which the engine does
// not always produce), against files on disk: frames, safety of terminal output, both schemas.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import type { AnalyzeResult } from '../src/analysis/api.js';
import type { CheckMeta } from '../src/checks/check.js';
import { CHECKS } from '../src/checks/registry.js';
import type { Diagnostic } from '../src/model.js';
import { REPORTERS, findReporter } from '../src/report/index.js';
import type { ReportContext } from '../src/report/reporter.js';
import { displayLine, utf16Index } from '../src/report/source.js';
import { REPO } from './paths.js';

const AjvDraft04 = AjvDraft04Module.default;

const SRC = `package cache

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.items[k] = v
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) Run(keys []string) {
	for _, k := range keys {
		go c.Put(k, len(k))
	}
}
`;

function setup(): { root: string; result: AnalyzeResult; checks: CheckMeta[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-report-'));
  fs.mkdirSync(path.join(root, 'cache'));
  fs.writeFileSync(path.join(root, 'cache', 'cache.go'), SRC);
  const checks: CheckMeta[] = CHECKS;
  const meta = checks.find((c) => c.code === 'MR1002')!;
  const diag: Diagnostic = {
    check: meta.code,
    name: meta.name,
    severity: meta.defaultSeverity,
    message: 'write of map c.items races with read at cache/cache.go:17 (c.mu not held here)',
    range: { file: 'cache/cache.go', start: { line: 11, column: 2 }, end: { line: 11, column: 9 } },
    related: [
      { message: 'read of map c.items (c.mu held)', range: { file: 'cache/cache.go', start: { line: 17, column: 9 }, end: { line: 17, column: 16 } } },
      { message: 'goroutine started here', range: { file: 'cache/cache.go', start: { line: 22, column: 3 }, end: { line: 22, column: 22 } } },
    ],
    suggestion: 'hold c.mu around the write of c.items',
    fixes: [{
      title: 'lock c.mu in Put',
      edits: [{ range: { file: 'cache/cache.go', start: { line: 11, column: 2 }, end: { line: 11, column: 2 } }, newText: 'c.mu.Lock()\n\tdefer c.mu.Unlock()\n\t' }],
    }],
    fingerprint: { function: '(*Cache).Put', map: 'c.items', kinds: 'read+write' },
  };
  return {
    root,
    checks,
    result: { diagnostics: [diag], stats: { files: 1, lines: 24, bytes: SRC.length, skipped: 0 }, errors: [{ file: 'cache/broken.go', message: 'cannot read: EACCES' }] },
  };
}

const ctx = (root: string, checks: CheckMeta[], color = false): ReportContext => ({ root, color, version: '0.1.0', checks });

test('text: location line, code frame with the range underlined, related frames, fix, warnings, summary', () => {
  const { root, result, checks } = setup();
  const text = findReporter('text')!.render(result, ctx(root, checks));
  assert.equal(text, [
    'cache/cache.go:11:2: error: write of map c.items races with read at cache/cache.go:17 (c.mu not held here) (MR1002 unlocked-field-map)',
    '  11 |     c.items[k] = v',
    '     |     ^^^^^^^',
    '  cache/cache.go:17:9: read of map c.items (c.mu held)',
    '    17 |     return c.items[k]',
    '  cache/cache.go:22:3: goroutine started here',
    '    22 |         go c.Put(k, len(k))',
    '  fix: hold c.mu around the write of c.items',
    '',
    'not analysed: cache/broken.go: cannot read: EACCES',
    '1 finding in 1 file; 1 files, 24 lines analysed, 1 not analysed (see above)',
    '',
  ].join('\n'));
  assert.doesNotMatch(text, /\x1b/);
  assert.match(findReporter('text')!.render(result, ctx(root, checks, true)), /\x1b\[1m/);
});

test('text: a missing file gives no frame but the finding is still printed', () => {
  const { root, result, checks } = setup();
  fs.rmSync(path.join(root, 'cache', 'cache.go'));
  const text = findReporter('text')!.render(result, ctx(root, checks));
  assert.match(text, /^cache\/cache.go:11:2: error: write of map c.items/);
  assert.doesNotMatch(text, / \| /);
});

test('frames: tabs to tab stops, control characters never reach the terminal, long lines are windowed', () => {
  assert.deepEqual(displayLine('\tm[k] = v', 2, 3), { text: '    m[k] = v', caret: 4, width: 1, markStart: 4, markEnd: 5 });
  assert.deepEqual(displayLine('a\tb', 3), { text: 'a   b', caret: 4, width: 1, markStart: 4, markEnd: 5 });
  const hostile = displayLine('s := "\x1b[2J\x1b]0;pwned\x07" + m[k]', 1);
  assert.doesNotMatch(hostile.text, /[\x00-\x08\x0b-\x1f\x7f]/);
  const long = `x := ${'a'.repeat(400)} + m[k]`;
  const col = long.indexOf('m[k]') + 1;
  const f = displayLine(long, col, col + 4);
  assert.ok(f.text.length <= 162, `${f.text.length}`);
  assert.equal(f.text.slice(f.caret, f.caret + f.width), 'm[k]');
  assert.ok(f.text.startsWith('…'));
  assert.equal(f.text.slice(f.markStart, f.markEnd), 'm[k]');
  const start = displayLine(long, 1, 3);
  assert.equal(start.text.slice(start.caret, start.caret + start.width), 'x ');
  assert.ok(start.text.endsWith('…'));
});

test('frames: byte columns, carets under wide (CJK) characters, a column inside a character', () => {
  // `名前["キー"] = v`: 名 and 前 are 3 bytes and 2 terminal columns each; the map expression starts at byte 1.
  const line = '名前["キー"] = v';
  const f = displayLine(line, 1, 1 + Buffer.byteLength('名前["キー"]'));
  assert.equal(f.caret, 0);
  assert.equal(f.width, 4 + 2 + 4 + 2, 'four wide characters, four narrow ones');
  assert.equal(f.text.slice(f.markStart, f.markEnd), '名前["キー"]');
  const v = displayLine(line, Buffer.byteLength('名前["キー"] = ') + 1, Buffer.byteLength(line) + 1);
  assert.equal(v.caret, 12 + 3, 'the caret of v sits under v in a terminal');
  assert.equal(v.text.slice(v.markStart, v.markEnd), 'v');
  assert.equal(displayLine(line, 2).markStart, 0, 'byte 2 is inside 名');
  assert.equal(utf16Index(line, Buffer.byteLength('名前["キー"] = ') + 1), line.indexOf('v'));
  assert.equal(utf16Index('😀m', 5), 2, 'an astral character is 4 bytes and 2 UTF-16 units');
});

test('text: escape sequences in file names and messages are neutralised', () => {
  const { root, result, checks } = setup();
  const d = result.diagnostics[0]!;
  d.range = { ...d.range, file: 'evil\x1b[2J.go' };
  d.message = 'write of map m\x1b]0;x\x07';
  const text = findReporter('text')!.render(result, ctx(root, checks));
  assert.doesNotMatch(text, /[\x07\x1b]/);
});

test('json: validates against the schema and carries fixes, related locations and the fingerprint', () => {
  const { root, result, checks } = setup();
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'maprace-check.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const doc = JSON.parse(findReporter('json')!.render(result, ctx(root, checks))) as {
    findings: { related: unknown[]; fixes: { edits: unknown[] }[]; fingerprint: { hash: string } }[];
    errors: unknown[];
  };
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  assert.equal(doc.findings[0]!.related.length, 2);
  assert.equal(doc.findings[0]!.fixes[0]!.edits.length, 1);
  assert.match(doc.findings[0]!.fingerprint.hash, /^[0-9a-f]{32}$/);
  assert.equal(doc.errors.length, 1);
  // The schema is strict enough to reject a finding without a location or with an unknown severity.
  (doc.findings[0] as Record<string, unknown>).severity = 'fatal';
  assert.equal(validate(doc), false);
  (doc.findings[0] as Record<string, unknown>).severity = 'note';
  assert.ok(validate(doc));
  delete (doc.findings[0] as Record<string, unknown>).location;
  assert.equal(validate(doc), false);
});

test('sarif: validates against the official 2.1.0 schema, rules from the registry, help links that resolve', () => {
  const { root, result, checks } = setup();
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'third_party', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  const log = JSON.parse(findReporter('sarif')!.render(result, ctx(root, checks))) as {
    runs: {
      tool: { driver: { rules: { id: string; helpUri: string }[] } };
      results: { ruleId: string; ruleIndex: number; relatedLocations: unknown[]; fixes: unknown[]; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[] }[];
    }[];
  };
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const run = log.runs[0]!;
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), checks.map((c) => c.code));
  const res = run.results[0]!;
  assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId);
  assert.deepEqual(res.locations[0]!.physicalLocation.artifactLocation, { uri: 'cache/cache.go', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(res.locations[0]!.physicalLocation.region, { startLine: 11, startColumn: 2, endLine: 11, endColumn: 9 });
  assert.equal(res.relatedLocations.length, 2);
  assert.equal(res.fixes.length, 1);
  // helpUri anchors are the headings of docs/checks.md (GitHub's anchor of `## MR1002 unlocked-field-map`).
  const headings = fs.readFileSync(path.join(REPO, 'docs', 'checks.md'), 'utf8').match(/^## .+$/gm)!.map((h) => h.slice(3).toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
  for (const r of run.tool.driver.rules) assert.ok(headings.includes(r.helpUri.split('#')[1]!), r.helpUri);
  // Malformed output is rejected: the validation can fail.
  (log.runs[0]!.results[0]! as Record<string, unknown>).level = 'fatal';
  assert.equal(validate(log), false);
});

test('severity: the text label, the JSON field and the SARIF level follow the diagnostic', () => {
  const { root, result, checks } = setup();
  const d = result.diagnostics[0]!;
  const levels = (r: typeof result) => {
    const text = findReporter('text')!.render(r, ctx(root, checks));
    const json = JSON.parse(findReporter('json')!.render(r, ctx(root, checks))) as { findings: { severity: string }[] };
    const sarif = JSON.parse(findReporter('sarif')!.render(r, ctx(root, checks))) as { runs: { results: { level: string }[] }[] };
    return [text.split(': ')[1], json.findings[0]!.severity, sarif.runs[0]!.results[0]!.level];
  };
  assert.deepEqual(levels(result), ['error', 'error', 'error']);
  d.severity = 'note';
  assert.deepEqual(levels(result), ['note', 'note', 'note']);
  d.severity = 'warning';
  assert.deepEqual(levels(result), ['warning', 'warning', 'warning']);
  assert.match(findReporter('text')!.render(result, ctx(root, checks, true)), /\x1b\[33mwarning:/, 'warnings are yellow');
});

test('every reporter renders an empty result', () => {
  const { root, checks } = setup();
  for (const r of REPORTERS) {
    const out = r.render({ diagnostics: [], stats: { files: 0, lines: 0, bytes: 0, skipped: 0 }, errors: [] }, ctx(root, checks));
    // Workflow commands and the line format are one line per finding: nothing at all when there is none.
    assert.ok(r.name === 'github' || r.name === 'line' ? out === '' : out.endsWith('\n'), r.name);
  }
});
