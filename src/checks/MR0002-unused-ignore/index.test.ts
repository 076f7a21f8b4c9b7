import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, run, testdataOf } from '../../testing/analysistest.js';
import { ANALYZERS } from '../registry.js';
import { MR0002 } from './index.js';

test('MR0002 judges the directives against the findings of the other checks', async () => {
  const results = await run(MR0002, testdataOf(import.meta.url), { alongside: ANALYZERS });
  assert.equal(failures(results), '');
  const d = findingAt(results, 'directives/directives.go:20');
  assert.equal(d.message, 'maprace:ignore MR1001 silences nothing on this line or the next');
  assert.deepEqual(d.related, [], 'a directive finding stands alone');
});

test('MR0002 alone: a directive for a check that is off silences nothing by design, and is not reported', async () => {
  const results = await run(MR0002, testdataOf(import.meta.url));
  assert.equal(results.flatMap((r) => r.diagnostics).length, 0);
});
