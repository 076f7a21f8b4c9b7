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

test('MR1002 across packages: one finding at the store, naming both packages\' goroutines and the call paths', async () => {
  const results = await run(MR1002, testdataOf(import.meta.url));
  const at = results.filter((r) => r.dependencyTypes).flatMap((r) => r.diagnostics).filter((d) => `${d.range.file}:${d.range.start.line}` === 'crosspkg/store/store.go:20');
  assert.equal(at.length, 1, 'reached from app and from worker: merged');
  const related = relatedOf(at[0]!);
  for (const want of [
    'goroutine crosspkg/app/app.go:13 goroutine started here',
    'call crosspkg/app/app.go:14 calls store.(*Store).Put',
    'call crosspkg/app/app.go:16 calls store.(*Store).Get',
    'goroutine crosspkg/worker/worker.go:8 goroutine started here',
  ]) assert.ok(related.includes(want), `${want}\n${related.join('\n')}`);
  // Through a map-based set of a third package: the path goes app → store → sets.
  assert.ok(relatedOf(findingAt(results, 'crosspkg/sets/sets.go:10')).includes('call crosspkg/store/store.go:74 calls sets.String.Insert'));
});

