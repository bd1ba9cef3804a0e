// Discovery on the dashboard: the demo as the README runs it (no authentication; its SolidFire and ONTAP backends
// discover every 5 s and label what they find source=discovered), in headless Chromium.
// node discovery.test.mjs <gateway url> <simulator url> [failure screenshot path]
// Asserts: a job started on each simulated backend and never registered shows as a row, with its backend and the
// label source=discovered in the Labels column; the label filter source=discovered keeps those rows and only rows
// carrying the label; the API lists both under the same label.
import {launch} from './browser.mjs';
import {check, eventually, finish, http, simulate, step} from './harness.mjs';

const [base, simulator, failureShot] = process.argv.slice(2);

const browser = await launch();
const page = await (await browser.newContext({viewport: {width: 1480, height: 900}})).newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));

const visibleRows = () => page.evaluate(() => [...document.querySelectorAll('#rows .row:not([hidden])')].map((el) => ({
  handle: el.querySelector('.c-handle').textContent,
  backend: el.querySelector('.c-backend').textContent,
  labels: el.querySelector('.c-labels').textContent,
})));

await finish(async () => {
  try {
    step('the page goes live without a key');
    await page.goto(base);
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 30_000});

    step('a job started on each simulated backend, never registered, shows with its discovery label');
    // Long enough that a loaded machine still finds them running.
    const script = {queuedMs: 0, runningMs: 180000, outcome: 'succeed'};
    const jobs = {
      'solidfire-lab': await simulate(simulator, 'solidfire', script),
      'ontap-lab': await simulate(simulator, 'ontap', script),
    };
    const started = Date.now();
    for (const [backend, handle] of Object.entries(jobs)) {
      const row = await eventually(
        async () => (await visibleRows()).find((r) => r.handle === handle), `a row for ${backend} ${handle}`, 60_000);
      step(`  ${backend} ${handle}: row shown ${Date.now() - started} ms after the job started; labels "${row.labels}"`);
      check(row.backend === backend, `the backend cell: ${row.backend}`);
      check(row.labels.includes('source=discovered'), `the labels cell says source=discovered: ${row.labels}`);
    }

    step('the label filter source=discovered keeps them, and only rows with that label');
    await page.fill('#filter-labels', 'source=discovered');
    await page.press('#filter-labels', 'Enter');
    const filtered = await eventually(async () => {
      const rows = await visibleRows();
      return Object.values(jobs).every((h) => rows.some((r) => r.handle === h)) && rows;
    }, 'both discovered rows under the filter', 20_000);
    check(filtered.every((r) => r.labels.includes('source=discovered')),
      `every row shown carries the label: ${JSON.stringify(filtered.filter((r) => !r.labels.includes('source=discovered')))}`);
    step(`  ${filtered.length} row(s) under the filter`);

    const listed = await http('GET', `${base}/v1/operations?label=source:discovered&pageSize=500`);
    check(listed.status === 200, `the list answered ${listed.status}`);
    for (const [backend, handle] of Object.entries(jobs)) {
      check(listed.body.operations.some((op) => op.handle === handle && op.backend === backend),
        `GET /v1/operations?label=source:discovered lists ${backend} ${handle}`);
    }
    check(pageErrors.length === 0, `no page errors: ${pageErrors.join('; ')}`);
  } catch (e) {
    if (failureShot) await page.screenshot({path: failureShot, fullPage: true}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
