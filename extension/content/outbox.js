// Delivered until acknowledged (issue 31). Every message the content script sends the service
// worker goes out through here, one at a time and in the order it was given, and is sent again
// until the worker answers it (any answer acknowledges, a refusal too): Chrome drops a message,
// or its answer, when it stops or starts the worker — "the message channel closed before a
// response was received" — and an admin's change must not depend on when that happens. The
// worker answers a repeat of a message that carries an action as it answered the first
// (core::delivery), so a repeat never records twice.
//
// How long to wait before sending again, and for an answer, is the core's
// (core::delivery::POLICY), from the answer to page-present; until that answer comes, the same
// numbers (FIRST, pinned against the core by tests/adapter/outbox.test.mjs). This file decides
// nothing else: what a message is, and what its answer means, are the core's.

/** The core's policy before its first answer: tests/golden/delivery.json holds the core's. */
export const FIRST = Object.freeze({ first_ms: 200, max_ms: 4000, answer_within_ms: 15000 });

/** How long to wait before sending a message again the `attempts`-th time: `first_ms`, doubled
 * each time up to `max_ms` (core::delivery::Policy::wait_ms, the same rule). */
export const waitBefore = (policy, attempts) => Math.min(policy.first_ms * 2 ** Math.min(attempts - 1, 20), policy.max_ms);

export function outbox() {
  let policy = FIRST;
  /** @type {{ message: object, resolve: (answer: object) => void, attempts: number }[]} */
  const queue = [];
  let pumping = false;
  // What "Copy page report" says of the deliveries (no message contents).
  const counts = { sent: 0, repeated: 0, waiting: 0, lastFailure: null, byType: {} };

  // The extension was reloaded or removed under this page: nothing here can be delivered again.
  const gone = () => !(globalThis.chrome && chrome.runtime && chrome.runtime.id);
  /** One send: the worker's answer, or why there was none. */
  function once(message) {
    return new Promise((resolve) => {
      let over = false;
      const end = (result) => { if (!over) { over = true; clearTimeout(timer); resolve(result); } };
      const timer = setTimeout(() => end({ failure: 'no answer in time' }), policy.answer_within_ms);
      counts.sent += 1;
      let sent;
      try {
        sent = chrome.runtime.sendMessage(message);
      } catch (error) {
        end({ failure: String((error && error.message) || error) });
        return;
      }
      sent.then(
        (answer) => end(answer && typeof answer === 'object' && 'ok' in answer ? { answer } : { failure: 'an empty answer' }),
        (error) => end({ failure: String((error && error.message) || error) }),
      );
    });
  }

  async function pump() {
    if (pumping) return;
    pumping = true;
    while (queue.length && !gone()) {
      const item = queue[0];
      const got = await once(item.message);
      if (got.answer) {
        queue.shift();
        counts.waiting = queue.length;
        item.resolve(got.answer);
        continue;
      }
      item.attempts += 1;
      counts.repeated += 1;
      counts.byType[item.message.type] = (counts.byType[item.message.type] || 0) + 1;
      counts.lastFailure = `${item.message.type}: ${got.failure}`.slice(0, 200);
      await new Promise((r) => setTimeout(r, waitBefore(policy, item.attempts)));
    }
    pumping = false;
  }
  return {
    /** Sends `message` until the worker answers it; resolves with the answer (never rejects;
     * never resolves if the extension is gone from under the page). */
    send(message) {
      return new Promise((resolve) => {
        queue.push({ message, resolve, attempts: 0 });
        counts.waiting = queue.length;
        pump();
      });
    },
    /** The policy followed now. */
    policy: () => policy,
    /** The core's policy, from the answer to page-present. */
    follow(next) {
      if (next && next.first_ms > 0 && next.max_ms >= next.first_ms && next.answer_within_ms > 0) policy = next;
    },
    /** For the page report: how many sends, how many were repeats (and of which kinds of
     * message), how many wait, and the last failure Chrome gave. */
    report: () => ({ sent: counts.sent, repeated: counts.repeated, repeats: { ...counts.byType }, waiting: counts.waiting, last_failure: counts.lastFailure }),
  };
}
