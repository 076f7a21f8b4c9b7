import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, relatedOf, run, testdataOf } from '../../testing/analysistest.js';
import { MR1003 } from './index.js';

test('MR1003 alone reports exactly its want lines, with the related locations', async () => {
  const results = await run(MR1003, testdataOf(import.meta.url));
  assert.equal(failures(results), '');
  assert.deepEqual(relatedOf(findingAt(results, 'globals/globals.go:22')), ['goroutine globals/globals.go:31 HTTP handler registered here', 'call globals/globals.go:31 calls handle']);
});
