// The content script's outbox (issue 31): every message is sent until the worker answers it, in
// order, with the core's waits; a failed or unanswered send is sent again, an answered one never.
// Run against a stand-in for chrome.runtime.sendMessage that fails as Chrome does when it stops
// the worker mid-message.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIRST, outbox, waitBefore } from '../../extension/content/outbox.js';

const golden = JSON.parse(readFileSync(new URL('../golden/delivery.json', import.meta.url), 'utf8'));
const CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

/** chrome.runtime whose sendMessage follows `plan` (one entry per call: 'answer', 'fail',
 * 'silent' or 'empty'), recording each call. */
function fakeRuntime(plan) {
  const calls = [];
  globalThis.chrome = { runtime: { id: 'authpilot', sendMessage(message) {
    const how = plan[calls.length] || 'answer';
    calls.push({ type: message.type, how });
    if (how === 'fail') return Promise.reject(new Error(CLOSED));
    if (how === 'silent') return new Promise(() => {});
    if (how === 'empty') return Promise.resolve(undefined);
    return Promise.resolve({ ok: true, echo: message.type });
  } } };
  return calls;
}
const fast = { first_ms: 5, max_ms: 20, answer_within_ms: 50 };

beforeEach(() => { delete globalThis.chrome; });

test('the policy it starts with is the core\'s', () => {
  assert.deepEqual({ ...FIRST }, golden.policy);
});

test('a message whose delivery fails is sent again until answered, once answered never again', async () => {
  const calls = fakeRuntime(['fail', 'fail', 'empty', 'answer']);
  const box = outbox();
  box.follow(fast);
  const answer = await box.send({ type: 'switch-result' });
  assert.deepEqual(answer, { ok: true, echo: 'switch-result' });
  assert.deepEqual(calls.map((c) => c.how), ['fail', 'fail', 'empty', 'answer']);
  const report = box.report();
  assert.equal(report.sent, 4);
  assert.equal(report.repeated, 3);
  assert.deepEqual(report.repeats, { 'switch-result': 3 });
  assert.equal(report.waiting, 0);
  assert.match(report.last_failure, /^switch-result: an empty answer/);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(calls.length, 4, 'nothing sent after the answer');
});

test('a send with no answer in time is sent again', async () => {
  const calls = fakeRuntime(['silent', 'answer']);
  const box = outbox();
  box.follow(fast);
  assert.equal((await box.send({ type: 'switch-pressed' })).ok, true);
  assert.deepEqual(calls.map((c) => c.how), ['silent', 'answer']);
  assert.match(box.report().last_failure, /no answer in time/);
});

test('messages go out in the order they were given, a later one waiting for an earlier one', async () => {
  const calls = fakeRuntime(['answer', 'fail', 'fail', 'answer', 'answer']);
  const box = outbox();
  box.follow(fast);
  const answers = await Promise.all([
    box.send({ type: 'page-present' }), box.send({ type: 'switch-pressed' }), box.send({ type: 'switch-result' }),
  ]);
  assert.deepEqual(answers.map((a) => a.echo), ['page-present', 'switch-pressed', 'switch-result']);
  assert.deepEqual(calls.map((c) => c.type), ['page-present', 'switch-pressed', 'switch-pressed', 'switch-pressed', 'switch-result']);
});

test('a refusal acknowledges: it is not sent again', async () => {
  const calls = [];
  globalThis.chrome = { runtime: { id: 'authpilot', sendMessage: (m) => { calls.push(m); return Promise.resolve({ ok: false, error: 'no' }); } } };
  const box = outbox();
  assert.deepEqual(await box.send({ type: 'switch-pressed' }), { ok: false, error: 'no' });
  assert.equal(calls.length, 1);
});

test('the waits double up to the longest, as the core\'s do, and a policy that makes no sense is not followed', () => {
  // The same waits as core::delivery::Policy::wait_ms for the core's policy (its native test).
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => waitBefore(golden.policy, n)), [200, 400, 800, 1600, 3200, 4000, 4000]);
  const box = outbox();
  assert.deepEqual(box.policy(), FIRST);
  box.follow({ first_ms: 10, max_ms: 5, answer_within_ms: 50 }); // its longest below its first
  box.follow({ first_ms: 0, max_ms: 5, answer_within_ms: 50 });
  box.follow(undefined);
  assert.deepEqual(box.policy(), FIRST);
  box.follow({ first_ms: 20, max_ms: 60, answer_within_ms: 500 });
  assert.deepEqual([1, 2, 3, 4].map((n) => waitBefore(box.policy(), n)), [20, 40, 60, 60]);
});

test('when the extension is gone from under the page, nothing is sent', async () => {
  const calls = fakeRuntime([]);
  globalThis.chrome.runtime.id = undefined;
  const box = outbox();
  let answered = false;
  box.send({ type: 'observe' }).then(() => { answered = true; });
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(calls.length, 0);
  assert.equal(answered, false);
});
