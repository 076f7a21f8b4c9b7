import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, relatedOf, run, testdataOf } from '../../testing/analysistest.js';
import { MR1005 } from './index.js';

test('MR1005 alone reports exactly its want lines, with the related locations', async () => {
  const results = await run(MR1005, testdataOf(import.meta.url));
  assert.equal(failures(results), '');
  const related = relatedOf(findingAt(results, 'iterate/iterate.go:31'));
  assert.equal(related[0], 'access iterate/iterate.go:25 write of map r.peers (holds r.mu)');
  assert.ok(related.includes('goroutine iterate/iterate.go:57 HTTP handler registered here'), related.join('\n'));
});
