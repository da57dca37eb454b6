// crash.test.mjs — SIGKILL under load: every acknowledged submission survives with its hash,
// nothing half-written is visible, and retries with the same key complete exactly once
// (tests/crash/kill-antrag.mjs does the work; it also runs alone).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { killTest } from '../crash/kill-antrag.mjs';

test('submissions survive SIGKILL: acknowledged receipts with matching hashes, no partial rows', async () => {
  const r = await killTest({ drafts: 120, concurrency: 24, killAfter: 30 });
  assert.ok(r.acked >= 30);
});
