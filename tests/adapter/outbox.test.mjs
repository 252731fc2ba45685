// The content script's outbox (issue 31): every message is sent until the worker answers it, in
// order, with the core's waits; a failed or unanswered send is sent again, an answered one never.
// Run against a stand-in for chrome.runtime.sendMessage that fails as Chrome does when it stops
// the worker mid-message.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIRST, outbox } from '../../extension/content/outbox.js';

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

test('the waits double up to the longest, and a policy that makes no sense is not followed', async () => {
  const times = [];
  let start = 0;
  globalThis.chrome = { runtime: { id: 'authpilot', sendMessage() {
    times.push(Date.now() - start);
    return times.length < 5 ? Promise.reject(new Error(CLOSED)) : Promise.resolve({ ok: true });
  } } };
  const box = outbox();
  box.follow({ first_ms: 10, max_ms: 5, answer_within_ms: 50 }); // max below first: ignored
  box.follow({ first_ms: 20, max_ms: 60, answer_within_ms: 500 });
  start = Date.now();
  await box.send({ type: 'observe' });
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  // 20, 40, 60, 60 (timers fire no earlier than asked)
  for (const [gap, want] of gaps.map((g, i) => [g, [20, 40, 60, 60][i]])) assert.ok(gap >= want - 2 && gap < want + 60, `${gaps}`);
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
