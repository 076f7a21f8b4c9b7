// The check registry: stable, unique, documented codes; docs/checks.md up to date; every race check has
// fixtures that report and fixtures that stay silent.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderChecksDoc } from '../src/checks/docs.js';
import { CHECKS } from '../src/checks/registry.js';
import { REPO } from './paths.js';

test('codes and names are unique and well formed; docs are complete', () => {
  assert.equal(new Set(CHECKS.map((c) => c.code)).size, CHECKS.length);
  assert.equal(new Set(CHECKS.map((c) => c.name)).size, CHECKS.length);
  for (const c of CHECKS) {
    assert.match(c.code, /^MR\d{4}$/);
    assert.match(c.name, /^[a-z]+(-[a-z]+)*$/);
    assert.match(c.title, /^[a-z][^.]*[^.]$/, `${c.code}: title is one lowercase line without a final period`);
    assert.ok(c.doc.length > 200, `${c.code}: doc too short`);
    assert.match(c.doc, /### Bad/, `${c.code}: doc has a bad example`);
    assert.match(c.doc, /### Good/, `${c.code}: doc has a good example`);
    const folder = fs.readdirSync(path.join(REPO, 'src', 'checks')).find((d) => d.startsWith(`${c.code}-`));
    assert.equal(folder, `${c.code}-${c.name}`, `${c.code}: lives in src/checks/${c.code}-${c.name}`);
  }
});

test('docs/checks.md is generated from the registry (run `npm run docs`)', () => {
  const onDisk = fs.readFileSync(path.join(REPO, 'docs', 'checks.md'), 'utf8');
  assert.equal(onDisk, renderChecksDoc());
});

test('every race check has fixtures that must report and fixtures that must stay silent', () => {
  for (const c of CHECKS.filter((x) => x.code.startsWith('MR1'))) {
    const dir = path.join(REPO, 'src', 'checks', `${c.code}-${c.name}`, 'testdata');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.go'));
    const text = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const wants = (text.match(new RegExp(`// want "[^"]*${c.code}`, 'g')) ?? []).length;
    const silent = (text.match(/Silent\./g) ?? []).length;
    assert.ok(wants >= 5, `${c.code}: ${wants} reporting cases`);
    assert.ok(silent >= 5, `${c.code}: ${silent} silent cases`);
  }
});
