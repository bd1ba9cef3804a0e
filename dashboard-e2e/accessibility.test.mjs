// Accessibility and layout of the dashboard with 1,000 operations loaded, against the packaged gateway in api-key mode.
// node accessibility.test.mjs <gateway url> <simulator url> <api key> [failure screenshot path]
// Asserts: with 1,000 operations registered through the API and on screen, axe-core (injected into the page) reports no
// serious or critical violation of WCAG 2 A/AA on the whole page, every row of the 1,000 included, with the detail
// panel and its timeline open (light). The other states of the page are checked on a page that shows a sample of the
// same operations (40, of every backend, running and failed: the same markup), where axe-core runs on everything in
// seconds instead of minutes: the confirmation dialog open, dark mode (which follows prefers-color-scheme; the
// background changes) with the panel open and closed, and 420 px wide, where nothing scrolls sideways, with and
// without the detail panel.
// The operations do not change while the test runs (they run for 100 hours, or failed at once): axe-core then reads
// a page that stands still, and the gateway is not busy with their progress.
import {createRequire} from 'node:module';
import {launch} from './browser.mjs';
import {check, eventually, finish, http, step} from './harness.mjs';

const [base, simulator, KEY, failureShot] = process.argv.slice(2);
const OPERATIONS = 1000;
const LABEL = `a11y${Date.now().toString(36)}`; // this run's operations, whatever an earlier run left
const SAMPLE_PER_VENDOR = 10; // of which FAILING fail: the sample page's operations, labelled sample:<LABEL> too
const FAILING = 5;
const STILL = 360_000_000; // 100 h: the progress of a running operation does not move during the test
const VENDORS = [['ontap', 'ontap-lab'], ['solidfire', 'solidfire-lab'], ['huawei-cloudtest', 'huawei-lab'],
  ['aliyun-bpstudio', 'aliyun-lab']];
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function createOperations() {
  const per = OPERATIONS / VENDORS.length;
  const jobs = [];
  for (const [vendor, backend] of VENDORS) {
    // Running through the test without moving; a few fail at once, so that failures are on screen too.
    const running = await http('POST', `${simulator}/_sim/operations`,
      {vendor, count: per - FAILING, script: {queuedMs: 0, runningMs: STILL}});
    const failing = await http('POST', `${simulator}/_sim/operations`,
      {vendor, count: FAILING, script: {queuedMs: 0, runningMs: 1_000, outcome: 'fail'}});
    check(running.status === 201 && failing.status === 201, `the simulator created ${vendor} operations`);
    const handles = [...failing.body.handles, ...running.body.handles];
    handles.forEach((handle, i) => jobs.push({backend, handle, sample: i < SAMPLE_PER_VENDOR}));
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const {backend, handle, sample} = jobs[next++];
      const labels = sample ? {e2e: LABEL, sample: LABEL} : {e2e: LABEL};
      const res = await http('POST', `${base}/v1/operations`, {backend, handle, labels}, KEY);
      check(res.status === 201, `registration answered 201, not ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(Array.from({length: 16}, worker));
}

/** Runs axe-core on the whole page (every rule of WCAG 2 A/AA) and fails on a serious or critical violation. */
async function axe(page, what) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({path: AXE});
  const started = Date.now();
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const all = result.violations.map((v) => `${v.id}(${v.impact}, ${v.nodes.length})`).join(', ') || 'none';
  step(`  axe, ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s; violations: ${all}`);
  check(bad.length === 0, `no serious or critical violation (${what}): ${JSON.stringify(bad.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target} ${n.failureSummary}`),
  })), null, 1)}`);
}

/** Opens the dashboard on `query`, types the key, and waits for at least `rows` rows (one of them failed). */
async function open(page, query, rows) {
  await page.goto(`${base}/?${query}`);
  await page.waitForSelector('#key-form:not([hidden])', {timeout: 10_000});
  await page.fill('#key-input', KEY);
  await page.click('#key-form button[type="submit"]');
  await page.waitForSelector('#connection[data-state="live"]', {timeout: 15_000});
  let shown = 0;
  const loaded = await eventually(async () => {
    shown = await page.evaluate(() => document.querySelectorAll('#rows .row').length);
    return shown >= rows ? shown : 0;
  }, `${rows} rows`, 60_000, 500).catch((e) => {
    throw new Error(`${e.message}; rows shown: ${shown}`);
  });
  await page.waitForSelector('#rows .row.has-error', {timeout: 20_000});
  return loaded;
}

const noSidewaysScroll = (page) => page.evaluate(() => ({
  scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
}));

const browser = await launch();
// The injected axe script is an inline script: the page's own Content-Security-Policy would (rightly) refuse it.
const context = await browser.newContext({viewport: {width: 1480, height: 900}, bypassCSP: true});
let page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));

await finish(async () => {
  try {
    step(`${OPERATIONS} operations created on the simulator and registered through the API`);
    await createOperations();

    step('the page, with the key typed in, loads them all');
    const loaded = await open(page, `label=e2e:${LABEL}`, OPERATIONS);
    step(`  ${loaded} rows`);

    step('axe-core on the whole page: light, every row, the detail panel with its timeline');
    await page.emulateMedia({colorScheme: 'light'});
    const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.click('#rows .row.has-error .c-handle');
    await page.waitForSelector('#timeline li[data-state]', {timeout: 10_000});
    await axe(page, `light, all ${loaded} rows and the detail panel with its timeline`);

    const sample = VENDORS.length * SAMPLE_PER_VENDOR;
    step(`the sample page (${sample} of the same operations): the other states`);
    // A tab of its own: the key is kept per tab (sessionStorage), so it is typed in again.
    await page.close();
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const shown = await open(page, `label=sample:${LABEL}`, sample);
    check(shown === sample, `the sample page shows its ${sample} operations, not ${shown}`);
    await page.click('#rows .row.has-error .c-handle');
    await page.waitForSelector('#timeline li[data-state]', {timeout: 10_000});
    await page.click('#detail-forget');
    await page.waitForSelector('#confirm[open]');
    await axe(page, 'light, confirmation dialog');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#confirm', {state: 'hidden'});
    check(await page.isVisible('#detail'), 'Escape in the dialog closes the dialog only');

    step('dark mode follows prefers-color-scheme; axe-core again');
    await page.emulateMedia({colorScheme: 'dark'});
    const dark = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    step(`  background: light ${light}, dark ${dark}`);
    check(light !== dark, 'the background changes with the colour scheme');
    await axe(page, 'dark, detail panel with timeline');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail', {state: 'hidden'});
    await axe(page, 'dark, the table');

    step('420 px wide: nothing scrolls sideways');
    await page.emulateMedia({colorScheme: 'light'});
    await page.setViewportSize({width: 420, height: 800});
    await page.waitForTimeout(300);
    let size = await noSidewaysScroll(page);
    step(`  table: scrollWidth ${size.scroll}, width ${size.width}`);
    check(size.scroll <= size.width, `no horizontal scroll at 420 px: ${JSON.stringify(size)}`);
    check(await page.isVisible('#rows .row .c-state'), 'the state column is there');
    await page.click('#rows .row.has-error .c-handle');
    await page.waitForSelector('#detail:not([hidden])');
    await page.waitForTimeout(300);
    size = await noSidewaysScroll(page);
    step(`  with the detail: scrollWidth ${size.scroll}, width ${size.width}`);
    check(size.scroll <= size.width, `no horizontal scroll with the detail at 420 px: ${JSON.stringify(size)}`);
    await axe(page, '420 px, detail panel');

    check(pageErrors.length === 0, `no errors in the page: ${pageErrors}`);
  } catch (e) {
    if (failureShot) await page.screenshot({path: failureShot}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
