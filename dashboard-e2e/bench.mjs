// How the dashboard copes with many operations changing at once, measured in headless Chromium against a fake
// gateway (this script), so that only the page's own work is measured, not the gateway's polling.
// node bench.mjs [operations=2000] [seconds=15]
// Every operation gets a new version every second (changes spread evenly over the second). Reports the frame rate,
// the longest gap between frames, long tasks (> 50 ms) and the row updates the page applied per second.
import {createServer} from 'node:http';
import {launch} from './browser.mjs';
import {serveStatic} from './static.mjs';

const operations = Number(process.argv[2] || 2000);
const seconds = Number(process.argv[3] || 15);
const BACKENDS = [['solidfire-lab', 'solidfire'], ['ontap-lab', 'ontap'], ['huawei-lab', 'huawei-cloudtest'], ['aliyun-lab', 'aliyun-bpstudio']];

const ops = Array.from({length: operations}, (_, i) => ({
  id: `bench-${i}`, backend: BACKENDS[i % 4][0], backendType: BACKENDS[i % 4][1], handle: `handle-${i}`,
  type: 'Clone', state: 'RUNNING', done: false,
  progress: {percent: i % 100, completed: null, total: null, message: 'copying', etaSeconds: 100 - (i % 100)},
  result: null, error: null, submittedAt: null, startedAt: null, endedAt: null,
  updatedAt: new Date().toISOString(), observedAt: null, version: 1, labels: {bench: 'yes', shard: String(i % 16)},
  backendStatus: {reachable: true, consecutiveFailures: 0, lastError: null},
}));

let cursor = 0;
const event = (op) => `id: ${++cursor}\nevent: operation\ndata: ${JSON.stringify(op)}\n\n`;
const streams = new Set();
const TICKS = 20; // each operation changes once a second, a twentieth of them every 50 ms
let tick = 0;
setInterval(() => {
  const now = new Date().toISOString();
  let chunk = '';
  for (let i = tick % TICKS; i < ops.length; i += TICKS) {
    const op = ops[i];
    op.version++;
    op.progress.percent = (op.progress.percent + 1) % 100;
    op.progress.etaSeconds = 100 - op.progress.percent;
    op.updatedAt = now;
    chunk += event(op);
  }
  tick++;
  for (const res of streams) res.write(chunk);
}, 1000 / TICKS);

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/v1/events') {
    res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'});
    res.write(`retry: 3000\n\n${ops.map(event).join('')}`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
  } else if (path === '/v1/backends') {
    res.writeHead(200, {'Content-Type': 'application/json'});
    res.end(JSON.stringify(BACKENDS.map(([name, type]) => ({
      name, type, reachable: true, activeOperations: operations / 4, inFlight: 0, maxConcurrency: 8,
      consecutiveFailures: 0, lastError: null, lastPollAt: null,
    }))));
  } else if (path === '/v1/operations') {
    res.writeHead(200, {'Content-Type': 'application/json'});
    res.end('{"operations":[],"nextPageToken":null}');
  } else {
    await serveStatic(path, res);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

function probe() {
  window.__bench = {frames: 0, maxGap: 0, longTasks: 0, longTaskMs: 0, updates: 0, last: 0, on: false};
  const b = window.__bench;
  const frame = (t) => {
    if (b.on) {
      b.frames++;
      if (b.last) b.maxGap = Math.max(b.maxGap, t - b.last);
    }
    b.last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (b.on) {
        b.longTasks++;
        b.longTaskMs += e.duration;
      }
    }
  }).observe({type: 'longtask', buffered: false});
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((ms) => {
      if (b.on) b.updates += ms.filter((m) => m.target.classList?.contains('text')).length;
    }).observe(document.getElementById('rows'), {subtree: true, childList: true, characterData: true});
  });
}

const browser = await launch();
try {
  const page = await browser.newPage({viewport: {width: 1480, height: 900}});
  await page.addInitScript(probe);
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction((n) => document.querySelectorAll('#rows .row').length === n, operations, {timeout: 30_000});
  await page.waitForTimeout(3000); // warm-up
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await page.evaluate(() => { window.__bench.on = true; window.__bench.last = 0; });
  const m0 = await metrics();
  await page.waitForTimeout(seconds * 1000);
  const m1 = await metrics();
  const b = await page.evaluate(() => window.__bench);
  // Main-thread milliseconds per second spent in each kind of work.
  const per = (name) => Math.round(((m1[name] - m0[name]) * 1000) / seconds);
  const rows = await page.evaluate(() => document.querySelectorAll('#rows .row').length);
  console.log(JSON.stringify({
    operations, rows, seconds, changesPerSecond: operations,
    framesPerSecond: +(b.frames / seconds).toFixed(1),
    longestFrameGapMs: Math.round(b.maxGap),
    longTasks: b.longTasks,
    longTaskMsPerSecond: Math.round(b.longTaskMs / seconds),
    rowUpdatesAppliedPerSecond: Math.round(b.updates / seconds),
    mainThreadMsPerSecond: {
      task: per('TaskDuration'), script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration'),
    },
  }));
} finally {
  await browser.close();
  server.close();
  process.exit(0);
}
