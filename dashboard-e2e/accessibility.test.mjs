// Accessibility and layout of the dashboard with 1,000 operations loaded, against the packaged gateway in api-key mode.
// node accessibility.test.mjs <gateway url> <simulator url> <api key> [failure screenshot path]
// Asserts: with 1,000 operations registered through the API and on screen, axe-core (injected into the page) reports no
// serious or critical violation of WCAG 2 A/AA: on every row with the detail panel and its timeline open (light),
// with the confirmation dialog open, and in dark mode (there on the first 40 rows: the same markup, and axe-core takes
// minutes per thousand rows); dark mode follows prefers-color-scheme; at 420 px wide nothing scrolls
// sideways, with and without the detail panel.
import {createRequire} from 'node:module';
import {launch} from './browser.mjs';
import {check, eventually, finish, http, step} from './harness.mjs';

const [base, simulator, KEY, failureShot] = process.argv.slice(2);
const OPERATIONS = 1000;
const LABEL = `a11y${Date.now().toString(36)}`; // this run's operations, whatever an earlier run left
const VENDORS = [['ontap', 'ontap-lab'], ['solidfire', 'solidfire-lab'], ['huawei-cloudtest', 'huawei-lab'],
  ['aliyun-bpstudio', 'aliyun-lab']];
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function createOperations() {
  const per = OPERATIONS / VENDORS.length;
  const jobs = [];
  for (const [vendor, backend] of VENDORS) {
    // Long enough to stay running through the test; a few fail at once, so that failures are on screen too.
    const running = await http('POST', `${simulator}/_sim/operations`,
      {vendor, count: per - 5, script: {queuedMs: 0, runningMs: 3_600_000}});
    const failing = await http('POST', `${simulator}/_sim/operations`,
      {vendor, count: 5, script: {queuedMs: 0, runningMs: 1_000, outcome: 'fail'}});
    check(running.status === 201 && failing.status === 201, `the simulator created ${vendor} operations`);
    for (const handle of [...running.body.handles, ...failing.body.handles]) jobs.push({backend, handle});
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const {backend, handle} = jobs[next++];
      const res = await http('POST', `${base}/v1/operations`, {backend, handle, labels: {e2e: LABEL}}, KEY);
      check(res.status === 201, `registration answered 201, not ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(Array.from({length: 16}, worker));
}

/**
 * Runs axe-core on the page: on every row when `allRows`, else on everything but the rows past the first 40 (the same
 * markup again, and the bulk of the run's time: an exclusion would still visit them, so the rest is listed).
 */
async function axe(page, what, allRows = false) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({path: AXE});
  const started = Date.now();
  const result = await page.evaluate((all) => window.axe.run(
    all ? document : {include: [['.top'], ['#banner'], ['.summary'], ['.filters'], ['#operations > .head'],
      ['#rows > .row:nth-child(-n+40)'], ['#empty'], ['#detail'], ['#confirm'], ['#toast']]}, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  }), allRows);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const all = result.violations.map((v) => `${v.id}(${v.impact}, ${v.nodes.length})`).join(', ') || 'none';
  step(`  axe, ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s; violations: ${all}`);
  check(bad.length === 0, `no serious or critical violation (${what}): ${JSON.stringify(bad.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target} ${n.failureSummary}`),
  })), null, 1)}`);
}

const noSidewaysScroll = (page) => page.evaluate(() => ({
  scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
}));

const browser = await launch();
// The injected axe script is an inline script: the page's own Content-Security-Policy would (rightly) refuse it.
const context = await browser.newContext({viewport: {width: 1480, height: 900}, bypassCSP: true});
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));

await finish(async () => {
  try {
    step(`${OPERATIONS} operations created on the simulator and registered through the API`);
    await createOperations();

    step('the page, with the key typed in, loads them all');
    await page.goto(`${base}/?label=e2e:${LABEL}`);
    await page.waitForSelector('#key-form:not([hidden])', {timeout: 10_000});
    await page.fill('#key-input', KEY);
    await page.click('#key-form button[type="submit"]');
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 15_000});
    const loaded = await eventually(async () => {
      const n = await page.evaluate(() => document.querySelectorAll('#rows .row').length);
      return n >= OPERATIONS ? n : 0;
    }, `${OPERATIONS} rows`, 60_000, 500);
    await page.waitForSelector('#rows .row.has-error', {timeout: 20_000});
    step(`  ${loaded} rows`);

    step('axe-core in light mode');
    await page.emulateMedia({colorScheme: 'light'});
    const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.click('#rows .row.has-error .c-handle');
    await page.waitForSelector('#timeline li[data-state]', {timeout: 10_000});
    await axe(page, `light, all ${loaded} rows and the detail panel with its timeline`, true);
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

    check(pageErrors.length === 0, `no errors in the page: ${pageErrors}`);
  } catch (e) {
    if (failureShot) await page.screenshot({path: failureShot}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
