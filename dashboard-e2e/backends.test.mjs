// The backend cards in headless Chromium against the packaged gateway (java -jar opgate-demo.jar, the demo's
// simulated backends) with opgate.security.mode=api-key: what an operator sees when a backend misbehaves.
// node backends.test.mjs <gateway url> <simulator url> <api key> [failure screenshot path]
// Asserts, in this order:
// - a backend that throttles says so on its card, with the time of the next attempt, as GET /v1/backends does
//   (state throttled, throttledUntil); when it stops throttling the card says reachable again;
// - a backend that is down says unreachable on its card with the gateway's reason (lastError of /v1/backends) while
//   the other backends' cards stay reachable; when it is back the card says reachable and the reason is gone.
import {launch} from './browser.mjs';
import {check, eventually, finish, http, register, simulate, step} from './harness.mjs';

const [base, simulator, KEY, failureShot] = process.argv.slice(2);

const browser = await launch();
const page = await (await browser.newContext({viewport: {width: 1480, height: 900}})).newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
// What the page asked and got, printed when a step fails.
const started = Date.now();
const traffic = [];
page.on('response', (r) => traffic.push(`${Date.now() - started} ms ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
page.on('requestfailed', (r) => traffic.push(`${Date.now() - started} ms failed ${new URL(r.url()).pathname}: ${r.failure()?.errorText}`));

const api = (method, path, body) => http(method, `${base}${path}`, body, KEY);
const card = (name) => `#backends .backend-card[data-name="${name}"]`;
const listed = async (name) => (await api('GET', '/v1/backends')).body.find((b) => b.name === name);
const faults = (vendor, body) => http('PUT', `${simulator}/_sim/faults/${vendor}`, body);

/** Waits until the card of `name` shows `health`; the page asks the gateway every 5 s. */
async function cardSays(name, health, timeout) {
  await page.waitForSelector(`${card(name)}[data-health="${health}"]`, {timeout});
  return page.textContent(`${card(name)} .meta`);
}

await finish(async () => {
  try {
    step('the page with the key: every backend card shown');
    await page.goto(`${base}/`);
    await page.waitForSelector('#key-form:not([hidden])', {timeout: 10_000});
    await page.fill('#key-input', KEY);
    await page.click('#key-form button[type="submit"]');
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 10_000});
    for (const name of ['solidfire-lab', 'ontap-lab', 'huawei-lab', 'aliyun-lab']) {
      await page.waitForSelector(card(name), {timeout: 10_000});
    }

    // One running job on each backend this test upsets, so that polls meet the faults.
    await register(base, 'aliyun-lab',
      await simulate(simulator, 'aliyun-bpstudio', {queuedMs: 0, runningMs: 600_000}), {e2e: 'backends'}, KEY);
    await register(base, 'ontap-lab',
      await simulate(simulator, 'ontap', {queuedMs: 0, runningMs: 600_000}), {e2e: 'backends'}, KEY);
    await cardSays('aliyun-lab', 'reachable', 20_000);
    await cardSays('ontap-lab', 'reachable', 20_000);

    step('Alibaba throttles every request: its card says so, with until when');
    const throttle = await faults('aliyun-bpstudio', {throttleRate: 1.0});
    check(throttle.status === 200, `the simulated Alibaba backend throttles every request (${throttle.status})`);
    try {
      // The page asks every 5 s and a pause may be shorter: the API is asked on its own, for the same state.
      const b = await eventually(async () => {
        const now = await listed('aliyun-lab');
        return now.state === 'throttled' && now.throttledUntil && now;
      }, 'GET /v1/backends says throttled, with throttledUntil', 30_000);
      const meta = await cardSays('aliyun-lab', 'throttled', 30_000);
      step(`  card: "${meta}"; GET /v1/backends: state ${b.state}, throttledUntil ${b.throttledUntil}`);
      check(/throttled until \d{2}:\d{2}:\d{2}/.test(meta), `the card says until when: "${meta}"`);
    } finally {
      await faults('aliyun-bpstudio', {});
    }
    const back = await cardSays('aliyun-lab', 'reachable', 90_000);
    step(`  after the throttling: "${back}"`);
    check((await listed('aliyun-lab')).state === 'ok', 'GET /v1/backends: state ok again');

    step('ONTAP goes down: its card says unreachable with the reason; the others stay reachable');
    const down = await faults('ontap', {down: true});
    check(down.status === 200, `the simulated ONTAP backend is down (${down.status})`);
    try {
      await cardSays('ontap-lab', 'unreachable', 30_000);
      const b = await eventually(async () => {
        const now = await listed('ontap-lab');
        return now.state === 'unreachable' && now;
      }, 'GET /v1/backends says unreachable', 30_000);
      const shown = await eventually(async () => page.textContent(`${card('ontap-lab')} .error`),
        'the card shows the reason', 10_000);
      step(`  card reason: "${shown}"; GET /v1/backends: lastError "${b.lastError}", circuit ${b.circuit}`);
      check(b.reachable === false && b.lastError, 'the API says unreachable, and why');
      check(shown.length > 0 && !/undefined|null|\[object/.test(shown), `a reason in words: "${shown}"`);
      check((await page.getAttribute(card('aliyun-lab'), 'data-health')) === 'reachable', 'Alibaba stays reachable');
    } finally {
      await faults('ontap', {});
    }
    await cardSays('ontap-lab', 'reachable', 60_000);
    check((await page.$(`${card('ontap-lab')} .error`)) === null, 'the reason is gone once it answers again');
    check(pageErrors.length === 0, `no script errors on the page: ${pageErrors.join('; ')}`);
  } catch (e) {
    step(`the page's requests:\n  ${traffic.join('\n  ')}`);
    if (failureShot) await page.screenshot({path: failureShot, fullPage: true}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
