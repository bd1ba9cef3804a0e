// The dashboard in headless Chromium against the packaged gateway (java -jar opgate-demo.jar, the demo's simulated
// backends) with opgate.security.mode=api-key.
// node dashboard.test.mjs <gateway url> <simulator url> <api key> [failure screenshot path]
// Asserts, in this order:
// - the page and every file it loads answer without a key; it asks for one and opens no stream before it has one;
//   a wrong key is refused in words; the right key typed into the page brings the rows live;
// - a new operation shows within a second of its registration and moves QUEUED > RUNNING > SUCCEEDED, with its
//   start, end and duration; its detail draws its history as a timeline;
// - the state tiles are the gateway's counts for the filters, not the loaded rows (done rows hidden, tiles count
//   them); a label filter typed as the Labels column shows it (key=value) keeps only matching rows; a malformed one
//   is explained inline, with no stream reconnecting behind it;
// - sorting by a column; search by handle and by label;
// - a failure shows the backend's sentence, its code second;
// - cancel is offered only where the backend can cancel; cancel and forget ask for confirmation first;
// - keyboard: each row is one tab stop and the only one in it, arrows move, Enter opens the detail, Escape closes it;
// - the URL holds the filters and the selected operation: a second tab opened on it shows the same view;
// - the gateway stopped: the page says so plainly (banner, rows marked stale, no ETAs, backend health unknown,
//   actions disabled with the reason); started again: the page reconnects with a new stream token and the table
//   holds only what the new gateway knows.
import {launch} from './browser.mjs';
import {ask, check, eventually, finish, http, register, simulate, sleep, step} from './harness.mjs';

const [base, simulator, KEY, failureShot] = process.argv.slice(2);
// The label of this run's counted operations: the counts must not depend on what an earlier run left.
const COUNTS = `counts${Date.now().toString(36)}`;

// Runs in the page before its own script: a log of rows appearing and leaving, state changes, connection states.
function recorder() {
  window.__log = [];
  const log = (entry) => window.__log.push({t: Date.now(), ...entry});
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') {
        if (m.target.classList.contains('row') && m.target.dataset.id) {
          log({kind: 'state', id: m.target.dataset.id, state: m.target.dataset.state});
        } else if (m.target.id === 'connection') {
          log({kind: 'connection', state: m.target.dataset.state});
        }
        continue;
      }
      for (const n of m.addedNodes) {
        if (n.classList?.contains('row') && n.dataset.id) log({kind: 'row', id: n.dataset.id, state: n.dataset.state});
      }
      for (const n of m.removedNodes) {
        if (n.classList?.contains('row') && n.dataset.id) log({kind: 'gone', id: n.dataset.id});
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
}

const browser = await launch();
const context = await browser.newContext({viewport: {width: 1480, height: 900}});
const page = await context.newPage();
const pageErrors = [];
const requests = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('response', (r) => {
  const url = new URL(r.url());
  requests.push({path: url.pathname, query: url.search, status: r.status(), method: r.request().method(), t: Date.now()});
});
await page.addInitScript(recorder);

const pageLog = () => page.evaluate(() => window.__log);
const row = (id) => `#rows .row[data-id="${id}"]`;
const api = (method, path, body) => http(method, `${base}${path}`, body, KEY);
const streamsOpened = () => requests.filter((r) => r.path === '/v1/events').length;

async function appearedWithinASecond(op, registeredAt) {
  const entry = await eventually(
    async () => (await pageLog()).find((e) => e.kind === 'row' && e.id === op.id),
    `a row for ${op.id}`, 5_000);
  const lag = entry.t - registeredAt;
  step(`  row for ${op.backend} ${op.handle} shown ${lag} ms after the registration answer`);
  check(lag <= 1000, `the row appeared within a second of the registration (took ${lag} ms)`);
}

async function statesSeen(id) {
  const states = (await pageLog()).filter((e) => e.id === id && e.state).map((e) => e.state);
  return states.filter((s, i) => i === 0 || states[i - 1] !== s);
}

async function toast() {
  await page.waitForSelector('#toast:not([hidden])', {timeout: 5_000});
  const text = await page.textContent('#toast');
  const kind = await page.getAttribute('#toast', 'data-kind');
  await page.evaluate(() => { document.getElementById('toast').hidden = true; });
  return {text, kind};
}

async function setLabels(text) {
  await page.fill('#filter-labels', text);
  await page.press('#filter-labels', 'Enter');
}

const visibleRows = () => page.evaluate(() => [...document.querySelectorAll('#rows .row:not([hidden])')].map((el) => ({
  id: el.dataset.id,
  state: el.dataset.state,
  handle: el.querySelector('.c-handle').textContent,
  backend: el.querySelector('.c-backend').textContent,
  labels: el.querySelector('.c-labels').textContent,
})));

await finish(async () => {
  try {
    step('without a key: the page and its files load, the page asks for a key and opens no stream');
    await page.goto(`${base}/`);
    check((await page.title()) === 'opgate', 'the title');
    await page.waitForSelector('#key-form:not([hidden])', {timeout: 10_000});
    const files = requests.filter((r) => !r.path.startsWith('/v1/'));
    step(`  files: ${files.map((r) => `${r.path} ${r.status}`).join(', ')}`);
    check(files.length >= 3 && files.every((r) => r.status === 200), 'every file of the page answered 200 without a key');
    check(files.some((r) => r.path.endsWith('.css')) && files.some((r) => r.path.endsWith('.js')), 'CSS and JS loaded');
    check(await page.evaluate(() => getComputedStyle(document.querySelector('.top')).display === 'flex'), 'styled');
    check((await page.getAttribute('#connection', 'data-state')) === 'key', 'the indicator asks for a key');
    await sleep(1_000);
    check(streamsOpened() === 0, 'no stream without a key');

    step('a wrong key is refused in words; the right one brings the rows live');
    await page.fill('#key-input', 'not-the-key');
    await page.click('#key-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('key-message').textContent.includes('refused'), null,
      {timeout: 5_000});
    check(await page.isVisible('#key-form'), 'the form stays');
    await page.fill('#key-input', KEY);
    await page.click('#key-form button[type="submit"]');
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 10_000});
    check(await page.isHidden('#key-form'), 'the form is gone');
    const firstStream = requests.find((r) => r.path === '/v1/events');
    check(firstStream && firstStream.query.includes('token='), 'the stream was opened with a stream token');
    await page.waitForSelector('#rows .row', {timeout: 20_000});

    step('a new operation shows within a second of its registration and moves through its states');
    // Long enough phases that a loaded machine still sees each one.
    const handle = await simulate(simulator, 'ontap', {queuedMs: 8000, runningMs: 8000, outcome: 'succeed'});
    const first = await register(base, 'ontap-lab', handle, {e2e: 'lifecycle'}, KEY);
    await appearedWithinASecond(first.op, first.at);
    check((await page.textContent(`${row(first.op.id)} .c-backend`)) === 'ontap-lab', 'the backend cell');
    check((await page.textContent(`${row(first.op.id)} .c-handle`)) === handle, 'the handle cell');
    check((await page.textContent(`${row(first.op.id)} .c-labels`)).includes('e2e=lifecycle'), 'the labels cell');
    await page.waitForSelector(`${row(first.op.id)}[data-state="SUCCEEDED"]`, {timeout: 40_000});
    const lifecycle = await statesSeen(first.op.id);
    step(`  states seen: ${lifecycle.join(' > ')}`);
    check(lifecycle.join() === 'QUEUED,RUNNING,SUCCEEDED', `QUEUED > RUNNING > SUCCEEDED, saw ${lifecycle}`);
    check((await page.textContent(`${row(first.op.id)} .progress .pct`)) === '100%', '100% when done');
    const times = await page.evaluate((sel) => ['.c-start', '.c-end', '.c-duration']
      .map((c) => document.querySelector(`${sel} ${c}`).textContent), row(first.op.id));
    step(`  start ${times[0]}, end ${times[1]}, duration ${times[2]}`);
    check(/^\d\d:\d\d:\d\d$/.test(times[0]) && /^\d\d:\d\d:\d\d$/.test(times[1]), 'start and end times shown');
    check(/^\d+s$/.test(times[2]) && Number.parseInt(times[2], 10) >= 3, `a duration of a few seconds: ${times[2]}`);

    step('its detail draws its history as a timeline');
    await page.click(`${row(first.op.id)} .c-handle`);
    await page.waitForSelector('#detail:not([hidden])');
    await page.waitForFunction(
      () => [...document.querySelectorAll('#timeline li[data-state]')].map((li) => li.dataset.state).includes('SUCCEEDED'),
      null, {timeout: 10_000});
    const timeline = await page.evaluate(() => [...document.querySelectorAll('#timeline li')].map((li) => li.dataset.state));
    step(`  timeline: ${timeline.join(' > ')}`);
    const distinct = timeline.filter((s, i) => i === 0 || timeline[i - 1] !== s);
    check(distinct.join().endsWith('QUEUED,RUNNING,SUCCEEDED'), `the timeline shows the transitions: ${timeline}`);
    check(await page.isDisabled('#detail-cancel'), 'ONTAP can cancel, but not a done operation');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail', {state: 'hidden'});

    step('the tiles are the gateway\'s counts for the filters, not the loaded rows');
    const failing = [];
    for (let i = 0; i < 2; i++) {
      const h = await simulate(simulator, 'solidfire', {queuedMs: 0, runningMs: 500, outcome: 'fail'});
      failing.push((await register(base, 'solidfire-lab', h, {e2e: COUNTS}, KEY)).op);
    }
    const longRunning = (await register(base, 'ontap-lab',
      await simulate(simulator, 'ontap', {queuedMs: 0, runningMs: 600_000}), {e2e: COUNTS}, KEY)).op;
    await eventually(async () => {
      const c = (await api('GET', `/v1/operation-counts?label=e2e:${COUNTS}`)).body;
      return c.states.FAILED === 2 && c.states.RUNNING === 1;
    }, 'the gateway counts two failed, one running', 15_000);
    await page.uncheck('#filter-done');
    await setLabels(`e2e=${COUNTS}`);
    const tile = (s) => page.textContent(`#state-counts .count[data-state="${s}"] b`);
    await eventually(async () => (await tile('FAILED')) === '2' && (await tile('RUNNING')) === '1',
      'tiles: failed 2, running 1', 10_000);
    await page.waitForSelector(row(longRunning.id), {timeout: 10_000});
    await sleep(500);
    const countsRows = await visibleRows();
    check(countsRows.length === 1 && countsRows[0].id === longRunning.id,
      `only the running one is loaded (done rows are off): ${JSON.stringify(countsRows)}`);
    check((await page.textContent('#backends .backend-card[data-name="solidfire-lab"] .count-n')) === '2',
      'the backend card counts two on solidfire-lab under this filter');
    check(new URL(page.url()).searchParams.getAll('label').join() === `e2e:${COUNTS}` && page.url().includes('done=0'),
      `the URL holds the filters: ${page.url()}`);

    step('a failure shows the backend\'s sentence, its code second');
    await page.check('#filter-done');
    await page.waitForSelector(row(failing[0].id), {timeout: 10_000});
    const failed = (await api('GET', `/v1/operations/${failing[0].id}`)).body;
    check(failed.error && failed.error.message, `the API has the backend's sentence: ${JSON.stringify(failed.error)}`);
    await page.waitForFunction(([sel, text]) => document.querySelector(`${sel} .progress .text`).textContent === text,
      [row(failing[0].id), failed.error.message], {timeout: 5_000});
    await page.click(`${row(failing[0].id)} .c-handle`);
    await page.waitForSelector('#detail-failure:not([hidden])');
    check((await page.textContent('#detail-failure .failure-message')) === failed.error.message, 'the sentence first');
    check((await page.textContent('#detail-failure .failure-code')) === `code ${failed.error.code}`, 'the code second');
    step(`  "${failed.error.message}" (code ${failed.error.code})`);

    step('cancel is offered only where the backend can cancel');
    const backends = (await api('GET', '/v1/backends')).body;
    const cancels = (b) => (b.capabilities && typeof b.capabilities.cancel === 'boolean' ? b.capabilities.cancel
      : b.type === 'ontap');
    check(!cancels(backends.find((b) => b.name === 'solidfire-lab')), 'SolidFire cannot cancel');
    const sfRunning = (await register(base, 'solidfire-lab',
      await simulate(simulator, 'solidfire', {queuedMs: 0, runningMs: 600_000}), {e2e: COUNTS}, KEY)).op;
    await page.waitForSelector(`${row(sfRunning.id)}[data-state="RUNNING"]`, {timeout: 10_000});
    await page.click(`${row(sfRunning.id)} .c-handle`);
    await page.waitForFunction((id) => document.getElementById('detail').dataset.id === id, sfRunning.id);
    check(await page.isHidden('#detail-cancel'), 'no cancel button for SolidFire');
    check((await page.textContent('#detail-action-note')).includes('cannot cancel'), 'the panel says why');

    step('cancel asks first; "keep it" sends nothing, confirming cancels');
    await page.click(`${row(longRunning.id)} .c-handle`);
    await page.waitForFunction((id) => document.getElementById('detail').dataset.id === id, longRunning.id);
    check(await page.isEnabled('#detail-cancel'), 'cancel offered for a running ONTAP job');
    await page.click('#detail-cancel');
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm-keep');
    await sleep(500);
    check(!requests.some((r) => r.path.endsWith('/cancel')), 'nothing sent after "keep it"');
    await page.click('#detail-cancel');
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm-ok');
    const accepted = await toast();
    check(accepted.kind === 'info' && accepted.text.includes('Cancel accepted'), `cancel accepted: ${accepted.text}`);
    // ONTAP has no cancelled state: a cancelled job ends in failure, and the gateway reports what ONTAP reports.
    await page.waitForSelector(`${row(longRunning.id)}[data-state="FAILED"]`, {timeout: 15_000});

    step('forget asks first, then the row goes and the gateway forgets');
    await page.click(`${row(sfRunning.id)} .c-handle`);
    await page.waitForFunction((id) => document.getElementById('detail').dataset.id === id, sfRunning.id);
    await page.click('#detail-forget');
    await page.waitForSelector('#confirm[open]');
    check((await page.textContent('#confirm-text')).includes('not touched'), 'the dialog says what forgetting does');
    await page.click('#confirm-ok');
    await page.waitForSelector(row(sfRunning.id), {state: 'detached', timeout: 5_000});
    check((await api('GET', `/v1/operations/${sfRunning.id}`)).status === 404, 'forgotten by the gateway');
    check(await page.isHidden('#detail'), 'the panel of a forgotten operation closes');

    step('a label filter typed as the Labels column shows it (vendor=ontap) keeps only matching rows');
    await setLabels('vendor=ontap');
    await eventually(async () => {
      const shown = await visibleRows();
      return shown.length > 0 && shown.every((r) => r.labels.split(' ').includes('vendor=ontap'));
    }, 'rows, all with vendor=ontap', 20_000);
    await sleep(3_000);
    const ontapRows = await visibleRows();
    const strays = ontapRows.filter((r) => !r.labels.split(' ').includes('vendor=ontap'));
    step(`  ${ontapRows.length} rows, ${strays.length} not matching after 3 s`);
    check(strays.length === 0, `no row outside the filter: ${JSON.stringify(strays)}`);
    check(await page.isHidden('#filter-message'), 'no complaint');
    check((await page.getAttribute('#connection', 'data-state')) === 'live', 'live');
    check(new URL(page.url()).searchParams.get('label') === 'vendor:ontap', 'the URL holds it in the API form');

    step('a malformed label filter is explained inline; no stream reconnects behind it');
    const before = streamsOpened();
    await setLabels('vendor');
    await page.waitForSelector('#filter-message:not([hidden])');
    const message = await page.textContent('#filter-message');
    step(`  "${message}"`);
    check(message.includes('key=value'), 'the message says how to write it');
    await sleep(4_000);
    check(streamsOpened() === before, 'no reconnection loop');
    check(await page.isHidden('#toast'), 'no toast');
    await setLabels('vendor=ontap');
    await page.waitForSelector('#filter-message', {state: 'hidden'});

    step('sorting by a column');
    await page.click('#operations .head button[data-sort="handle"]');
    await page.waitForSelector('.head [aria-sort="ascending"] button[data-sort="handle"]');
    await eventually(async () => {
      const handles = (await visibleRows()).map((r) => r.handle);
      return handles.length > 1 && handles.every((h, i) => i === 0 || handles[i - 1] <= h);
    }, 'rows in handle order', 5_000);
    check(new URL(page.url()).searchParams.get('sort') === 'handle', 'the URL holds the sort');
    await page.click('#operations .head button[data-sort="handle"]');
    await page.waitForSelector('.head [aria-sort="descending"] button[data-sort="handle"]');

    step('search by handle and by label');
    await setLabels('');
    const sought = (await register(base, 'huawei-lab',
      await simulate(simulator, 'huawei-cloudtest', {queuedMs: 0, runningMs: 600_000}), {e2e: 'search'}, KEY)).op;
    await page.waitForSelector(row(sought.id), {timeout: 10_000});
    await page.fill('#filter-search', sought.handle);
    await eventually(async () => {
      const shown = await visibleRows();
      return shown.length === 1 && shown[0].id === sought.id;
    }, 'only the searched handle', 5_000);
    await page.fill('#filter-search', `e2e=${COUNTS}`);
    await eventually(async () => {
      const shown = await visibleRows();
      return shown.length >= 3 && shown.every((r) => r.labels.includes(`e2e=${COUNTS}`));
    }, 'only rows with the searched label', 5_000);
    await page.fill('#filter-search', '');

    step('keyboard: one tab stop per row, arrows, Enter opens, Escape closes');
    const inner = await page.evaluate(() => document.querySelectorAll(
      '#rows .row a, #rows .row button, #rows .row input, #rows .row select, #rows .row [tabindex]').length);
    check(inner === 0, `nothing focusable inside rows (${inner})`);
    await page.focus('#filter-search');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    let focused = await page.evaluate(() => document.activeElement.closest('#rows .row')?.dataset.id || document.activeElement.id);
    // From the search field the next stops are the done checkbox and Apply, then the column headers.
    for (let i = 0; i < 20 && !(await page.evaluate(() => Boolean(document.activeElement.closest('#rows .row')))); i++) {
      await page.keyboard.press('Tab');
    }
    const firstRow = await page.evaluate(() => document.activeElement.closest('#rows .row')?.dataset.id);
    check(firstRow, `Tab reaches a row (was at ${focused})`);
    await page.keyboard.press('Tab');
    const secondRow = await page.evaluate(() => document.activeElement.closest('#rows .row')?.dataset.id);
    const rowOrder = await page.evaluate(() => [...document.querySelectorAll('#rows .row:not([hidden])')].map((e) => e.dataset.id));
    check(secondRow && rowOrder.indexOf(secondRow) === rowOrder.indexOf(firstRow) + 1, 'the next Tab is the next row');
    await page.keyboard.press('ArrowUp');
    // The demo's operations keep changing, and a changed row moves up (newest first): "above" is judged in the order
    // of the moment, not the one read before the key.
    const after = await page.evaluate(() => ({
      focused: document.activeElement.dataset.id,
      order: [...document.querySelectorAll('#rows .row:not([hidden])')].map((e) => e.dataset.id),
    }));
    const above = after.order[after.order.indexOf(secondRow) - 1];
    check(after.focused && after.focused === above,
      `ArrowUp moves to the row above (from ${secondRow} to ${after.focused}, above it ${above}, before ${firstRow})`);
    const chosen = after.focused;
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail:not([hidden])');
    check((await page.getAttribute('#detail', 'data-id')) === chosen, 'Enter opens that row');
    check(new URL(page.url()).searchParams.get('op') === chosen, 'the URL holds the selected operation');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail', {state: 'hidden'});
    check(await page.evaluate(() => document.activeElement.dataset.id) === chosen, 'focus back on the row');
    check(!new URL(page.url()).searchParams.has('op'), 'the URL forgets the closed operation');

    step('the URL is shareable: a new tab shows the same filters and operation');
    await setLabels(`e2e=${COUNTS}`);
    await page.click(`${row(failing[1].id)} .c-handle`);
    await page.waitForFunction((id) => new URL(location.href).searchParams.get('op') === id, failing[1].id);
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await other.waitForSelector('#key-form:not([hidden])', {timeout: 10_000});
    await other.fill('#key-input', KEY);
    await other.click('#key-form button[type="submit"]');
    await other.waitForFunction((id) => document.getElementById('detail').dataset.id === id
      && !document.getElementById('detail').hidden, failing[1].id, {timeout: 10_000});
    check((await other.inputValue('#filter-labels')) === `e2e=${COUNTS}`, 'the label filter came with the link');
    check((await other.getAttribute('.head [aria-sort] button', 'data-sort')) === 'handle', 'the sort came too');
    await other.close();

    step('the gateway stops: the page says so plainly');
    await page.click(`${row(longRunning.id)} .c-handle`);
    await setLabels('');
    await page.waitForSelector('#rows .row[data-state="RUNNING"] .eta:not(:empty)', {timeout: 20_000});
    const tokensBefore = requests.filter((r) => r.path === '/v1/stream-tokens' && r.status < 300).length;
    await ask('stop');
    await page.waitForSelector('body.stale', {timeout: 10_000});
    await page.waitForSelector('#banner:not([hidden])');
    step(`  banner: ${await page.textContent('#banner')}`);
    check((await page.textContent('#banner')).includes('Disconnected'), 'the banner says disconnected');
    check(await page.evaluate(() => [...document.querySelectorAll('#rows .eta')].every((e) => e.offsetParent === null)),
      'no ETA shown');
    await page.waitForFunction(() => [...document.querySelectorAll('#backends .backend-card')]
      .every((c) => c.dataset.health === 'unknown'), null, {timeout: 5_000});
    check((await page.textContent('#backends')).includes('unknown'), 'backend health unknown');
    await page.click(`#rows .row:not([hidden]) .c-handle`);
    await page.waitForSelector('#detail:not([hidden])');
    check(await page.isDisabled('#detail-forget'), 'forget disabled');
    check((await page.textContent('#detail-action-note')).includes('Disconnected'), 'and why');
    check((await page.getAttribute('#connection', 'data-state')) !== 'live', 'the indicator is not live');

    step('the gateway starts again: the page reconnects with a new stream token');
    const restartedAt = Date.now();
    await ask('start');
    await page.waitForSelector('#connection[data-state="live"] .reconnects:not([data-count="0"])', {timeout: 30_000});
    await page.waitForSelector('body:not(.stale)');
    check(await page.isHidden('#banner'), 'the banner is gone');
    const renewed = requests.filter((r) => r.path === '/v1/stream-tokens' && r.status < 300);
    check(renewed.length > tokensBefore && renewed.at(-1).t >= restartedAt, 'a new token after the restart');
    const reopened = requests.filter((r) => r.path === '/v1/events').at(-1);
    check(reopened.status === 200 && reopened.query.includes('token='), 'the new stream with it');
    await page.waitForSelector(row(first.op.id), {state: 'detached', timeout: 10_000});
    const fresh = await register(base, 'aliyun-lab',
      await simulate(simulator, 'aliyun-bpstudio', {queuedMs: 0, runningMs: 30_000}), {e2e: 'after-restart'}, KEY);
    await appearedWithinASecond(fresh.op, fresh.at);
    const shownIds = (await visibleRows()).map((r) => r.id);
    const unknown = [];
    for (const id of shownIds) if ((await api('GET', `/v1/operations/${id}`)).status !== 200) unknown.push(id);
    step(`  ${shownIds.length} rows, ${unknown.length} not known to the new gateway`);
    check(unknown.length === 0, `every row is an operation of the new gateway; stale: ${unknown}`);

    check(pageErrors.length === 0, `no errors in the page: ${pageErrors}`);
  } catch (e) {
    if (failureShot) await page.screenshot({path: failureShot}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
