import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, relatedOf, run, testdataOf } from '../../testing/analysistest.js';
import { MR1002 } from './index.js';

test('MR1002 alone reports exactly its want lines, with the related locations', async () => {
  const results = await run(MR1002, testdataOf(import.meta.url));
  assert.equal(failures(results), '');
  const related = relatedOf(findingAt(results, 'callbacks/callbacks.go:53'));
  assert.ok(related.includes('access callbacks/callbacks.go:25 write of map st.items (holds st.mu)'), related.join('\n'));
  assert.ok(related.includes('goroutine callbacks/callbacks.go:64 HTTP handler registered here'), related.join('\n'));
});
