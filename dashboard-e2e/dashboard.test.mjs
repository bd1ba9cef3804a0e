// The dashboard in headless Chromium against the demo gateway.
// node dashboard.test.mjs <gateway url> <simulator url> [failure screenshot path]
// Asserts: the page loads and goes live; a newly registered operation shows within a second and moves through its
// states; demo operations from the simulated backends show, move and get an ETA; counts and backend health show;
// the detail panel shows the normalized JSON and the raw payload; cancel and forget work from the buttons, and a
// forget by another client arrives as `deleted`; after a gateway restart the indicator shows the reconnect and the
// table catches up with the new gateway.
import {launch} from './browser.mjs';
import {ask, check, eventually, finish, http, register, simulate, step} from './harness.mjs';

const [base, firstSimulator, failureShot] = process.argv.slice(2);
let simulator = firstSimulator;

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
const page = await browser.newPage({viewport: {width: 1480, height: 900}});
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
await page.addInitScript(recorder);

const pageLog = () => page.evaluate(() => window.__log);
const row = (id) => `#rows .row[data-id="${id}"]`;

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

await finish(async () => {
  try {
    step('the page loads and goes live');
    await page.goto(`${base}/`);
    check((await page.title()) === 'opgate', 'the title');
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 10_000});

    step('a new operation shows within a second of its registration');
    const handle = await simulate(simulator, 'ontap', {queuedMs: 2000, runningMs: 4000, outcome: 'succeed'});
    const first = await register(base, 'ontap-lab', handle, {e2e: 'lifecycle'});
    await appearedWithinASecond(first.op, first.at);
    check((await page.textContent(`${row(first.op.id)} .backend`)) === 'ontap-lab', 'the backend cell');
    check((await page.textContent(`${row(first.op.id)} .handle`)) === handle, 'the handle cell');
    check((await page.textContent(`${row(first.op.id)} .labels`)).includes('e2e=lifecycle'), 'the labels cell');

    step('it moves through its states: QUEUED, RUNNING, SUCCEEDED');
    await page.waitForSelector(`${row(first.op.id)}[data-state="SUCCEEDED"]`, {timeout: 20_000});
    const lifecycle = await statesSeen(first.op.id);
    step(`  states seen: ${lifecycle.join(' > ')}`);
    check(lifecycle.join() === 'QUEUED,RUNNING,SUCCEEDED', `QUEUED > RUNNING > SUCCEEDED, saw ${lifecycle}`);
    check((await page.textContent(`${row(first.op.id)} .progress .text`)).startsWith('100%'), '100% when done');

    step('demo operations of the simulated backends show, move, and get an ETA');
    await eventually(
      () => page.evaluate(() => new Set([...document.querySelectorAll('#rows .backend')].map((td) => td.textContent)).size >= 3),
      'rows of at least three of the four demo backends', 20_000);
    await page.waitForFunction(
      () => [...document.querySelectorAll('#rows .progress .text')].some((e) => /ETA \d/.test(e.textContent)),
      null, {timeout: 20_000});
    const moved = new Set((await pageLog()).filter((e) => e.kind === 'state' && e.id !== first.op.id).map((e) => e.id));
    step(`  ${moved.size} demo operations changed state on screen`);
    check(moved.size >= 2, 'demo operations change state on screen');

    step('counts per state and per backend, backend health');
    // The counts are redrawn on a timer while rows arrive: read until one drawing agrees with itself.
    const readCounts = () => page.evaluate(() => {
      const sum = (sel) => [...document.querySelectorAll(sel)].reduce((n, b) => n + Number(b.textContent), 0);
      return {
        rows: document.querySelectorAll('#rows .row').length,
        states: sum('#state-counts b'),
        backends: sum('#backends .shown-count'),
        cards: [...document.querySelectorAll('#backends .backend-card')].map((c) => `${c.dataset.name}:${c.dataset.reachable}`),
      };
    });
    const counts = await eventually(async () => {
      const c = await readCounts();
      return c.rows > 0 && c.states === c.rows && c.backends === c.rows ? c : null;
    }, 'counts add up to the rows', 5_000, 50);
    step(`  ${JSON.stringify(counts)}`);
    check(counts.cards.sort().join() === 'aliyun-lab:true,huawei-lab:true,ontap-lab:true,solidfire-lab:true',
      'the four demo backends, reachable');

    step('the detail panel shows the normalized JSON and the raw payload');
    await page.click(`${row(first.op.id)} .handle`);
    await page.waitForSelector('#detail:not([hidden])');
    await page.waitForFunction((id) => document.getElementById('detail-json').textContent.includes(`"id": "${id}"`), first.op.id);
    await page.waitForFunction((h) => document.getElementById('detail-native').textContent.includes(`"uuid": "${h}"`), handle);
    check((await page.getAttribute('#detail-cancel', 'disabled')) !== null, 'cancel is disabled for a done operation');

    step('cancel from the row button');
    // ONTAP has no cancelled state: a cancelled job ends in failure, and the gateway reports what ONTAP reports.
    const cancelHandle = await simulate(simulator, 'ontap', {queuedMs: 0, runningMs: 120_000});
    const toCancel = (await register(base, 'ontap-lab', cancelHandle, {e2e: 'cancel'})).op;
    await page.waitForSelector(`${row(toCancel.id)}[data-state="RUNNING"]`, {timeout: 5_000});
    await page.click(`${row(toCancel.id)} button[data-action="cancel"]`);
    const accepted = await toast();
    check(accepted.kind === 'info' && accepted.text.includes('Cancel accepted'), `cancel accepted: ${accepted.text}`);
    await page.waitForSelector(`${row(toCancel.id)}[data-state="FAILED"]`, {timeout: 10_000});
    check((await page.getAttribute(`${row(toCancel.id)} button[data-action="cancel"]`, 'disabled')) !== null,
      'cancel is disabled once ended');

    step('a cancel the backend cannot do shows the problem');
    const sfHandle = await simulate(simulator, 'solidfire', {queuedMs: 0, runningMs: 120_000});
    const solidfire = (await register(base, 'solidfire-lab', sfHandle, {e2e: 'forget'})).op;
    await page.waitForSelector(row(solidfire.id), {timeout: 5_000});
    await page.click(`${row(solidfire.id)} button[data-action="cancel"]`);
    const refused = await toast();
    check(refused.kind === 'error' && refused.text.startsWith('501'), `SolidFire cannot cancel: ${refused.text}`);

    step('forget from the row button');
    await page.click(`${row(solidfire.id)} button[data-action="forget"]`);
    await page.waitForSelector(row(solidfire.id), {state: 'detached', timeout: 5_000});
    check((await http('GET', `${base}/v1/operations/${solidfire.id}`)).status === 404, 'forgotten by the gateway');

    step('a forget by another client arrives as event: deleted');
    check((await http('DELETE', `${base}/v1/operations/${toCancel.id}`)).status === 204, 'DELETE answered 204');
    await page.waitForSelector(row(toCancel.id), {state: 'detached', timeout: 5_000});

    step('the gateway restarts on the same port');
    const mark = (await pageLog()).length;
    simulator = (await ask('restart')).simulator;
    await page.waitForSelector('#connection[data-state="live"] .reconnects:not([data-count="0"])', {timeout: 20_000});
    const connection = (await pageLog()).slice(mark).filter((e) => e.kind === 'connection').map((e) => e.state);
    step(`  connection states: ${connection.join(' > ')}; indicator: ${(await page.textContent('#connection')).replace(/\s+/g, ' ').trim()}`);
    check(connection.includes('reconnecting') && connection.at(-1) === 'live', 'the indicator showed the reconnect');

    step('the table catches up with the new gateway');
    await page.waitForSelector(row(first.op.id), {state: 'detached', timeout: 5_000});
    const after = await simulate(simulator, 'aliyun-bpstudio', {queuedMs: 0, runningMs: 30_000});
    const fresh = await register(base, 'aliyun-lab', after, {e2e: 'after-restart'});
    await appearedWithinASecond(fresh.op, fresh.at);
    const shown = await page.evaluate(() => [...document.querySelectorAll('#rows .row')].map((el) => el.dataset.id));
    const unknown = [];
    for (const id of shown) {
      if ((await http('GET', `${base}/v1/operations/${id}`)).status !== 200) unknown.push(id);
    }
    step(`  ${shown.length} rows, ${unknown.length} not known to the new gateway`);
    check(unknown.length === 0, `every row is an operation of the new gateway; stale: ${unknown}`);

    check(pageErrors.length === 0, `no errors in the page: ${pageErrors}`);
  } catch (e) {
    if (failureShot) await page.screenshot({path: failureShot}).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
