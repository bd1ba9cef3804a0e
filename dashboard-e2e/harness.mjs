// What the test scripts share: steps with timings, checks, waiting, the gateway and simulator APIs, and the line
// protocol with the JUnit test that started the script (`@opgate <command>` out, one JSON line back).
import {createInterface} from 'node:readline';

const started = Date.now();
const answers = [];
const waiters = [];
const input = createInterface({input: process.stdin});
input.on('line', (line) => (waiters.length ? waiters.shift()(line) : answers.push(line)));

export function step(text) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Asks the JUnit side to act (e.g. restart the gateway) and waits for its answer. */
export async function ask(command) {
  console.log(`@opgate ${command}`);
  const line = answers.length ? answers.shift() : await new Promise((resolve) => waiters.push(resolve));
  const answer = JSON.parse(line);
  if (answer.error) throw new Error(`${command} failed on the Java side: ${answer.error}`);
  return answer;
}

/** Polls `probe` until it returns a truthy value, which is returned; fails with `message` after `timeout` ms. */
export async function eventually(probe, message, timeout = 10_000, interval = 100) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${message} (last: ${last})`);
    await sleep(interval);
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request; `key` (optional) goes out as `Authorization: Bearer`. */
export async function http(method, url, body, key) {
  const headers = body === undefined ? {} : {'Content-Type': 'application/json'};
  if (key) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {status: res.status, body: text ? JSON.parse(text) : null};
}

/** Creates an operation on a simulated backend (see simulator/README.md) and returns its handle. */
export async function simulate(simulator, vendor, script) {
  const res = await http('POST', `${simulator}/_sim/operations`, {vendor, script});
  check(res.status === 201, `the simulator created an operation (${res.status})`);
  return res.body.handle;
}

/** Registers a handle with the gateway; returns the operation and when the answer arrived. */
export async function register(gateway, backend, handle, labels = {}, key = undefined) {
  const res = await http('POST', `${gateway}/v1/operations`, {backend, handle, labels}, key);
  const at = Date.now();
  check(res.status === 201, `registration answered 201, not ${res.status} ${JSON.stringify(res.body)}`);
  return {op: res.body, at};
}

export async function finish(run) {
  try {
    await run();
    step('passed');
    process.exit(0);
  } catch (e) {
    console.log(e && e.stack ? e.stack : String(e));
    process.exit(1);
  }
}
