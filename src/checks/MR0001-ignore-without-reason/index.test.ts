import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, run, testdataOf } from '../../testing/analysistest.js';
import { MR0001 } from './index.js';

test('MR0001 alone reports exactly its want lines, with the related locations', async () => {
  const results = await run(MR0001, testdataOf(import.meta.url));
  assert.equal(failures(results), '');
  const d = findingAt(results, 'directives/directives.go:39');
  assert.equal(d.message, 'maprace:ignore MR1001 gives no reason');
  assert.deepEqual(d.related, [], 'a directive finding stands alone');
});
