import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, relatedOf, run, testdataOf } from '../../testing/analysistest.js';
import { MR1001 } from './index.js';

test('MR1001 alone reports exactly its want lines, with the related locations', async () => {
  const results = await run(MR1001, testdataOf(import.meta.url));
  assert.equal(failures(results), '');
  const d = findingAt(results, 'library/library.go:18');
  assert.deepEqual(relatedOf(d), ['goroutine library/library.go:16 goroutine started here']);
  assert.match(d.suggestion ?? '', /sync\.Mutex|after Wait/);
});
