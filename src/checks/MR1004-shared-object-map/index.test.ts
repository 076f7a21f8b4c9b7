import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, findingAt, relatedOf, run, testdataOf } from '../../testing/analysistest.js';
import { MR1004 } from './index.js';

test('MR1004 alone reports exactly its want lines, with the related locations', async () => {
  const results = await run(MR1004, testdataOf(import.meta.url));
  assert.equal(failures(results), '');
  const related = relatedOf(findingAt(results, 'informers/controller.go:101'));
  assert.equal(related[0], '- informers/controller.go:97 the object comes from the informer cache here');
  assert.ok(related.includes('call informers/controller.go:70 calls (*Controller).runWorker'), related.join('\n'));
});
