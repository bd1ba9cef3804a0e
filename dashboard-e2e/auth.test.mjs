// The dashboard's API-key path against a fake gateway that demands one (CONTRACT §5): node auth.test.mjs
// Asserts: a 401 brings up the key form and nothing is retried without a key; with the key the page sends
// Authorization: Bearer on fetches, obtains a stream token (POST /v1/stream-tokens) and opens the EventSource with
// ?token=; the key survives a reload (sessionStorage); when the stream drops and its token has expired, the page
// gets a new token and reconnects by itself.
import {createServer} from 'node:http';
import {launch} from './browser.mjs';
import {check, eventually, finish, step} from './harness.mjs';
import {serveStatic} from './static.mjs';

const KEY = 'opgate-test-key';
const requests = [];
let tokens = 0;
const streams = new Set();
const op = {
  id: 'op-1', backend: 'ontap-lab', backendType: 'ontap', handle: 'job-1', type: 'Clone', state: 'RUNNING',
  done: false, progress: {percent: 40, completed: null, total: null, message: null, etaSeconds: 12},
  result: null, error: null, submittedAt: null, startedAt: null, endedAt: null,
  updatedAt: new Date().toISOString(), observedAt: null, version: 3, labels: {}, backendStatus: null,
};

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith('/v1/')) return serveStatic(url.pathname, res);
  const bearer = req.headers.authorization === `Bearer ${KEY}`;
  requests.push({path: url.pathname, query: url.search, bearer, lastEventId: req.headers['last-event-id'] || null});
  const json = (status, body) => {
    res.writeHead(status, {'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json'});
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/v1/events') {
    // Only the newest token is valid: the earlier ones have "expired".
    if (url.searchParams.get('token') !== `token-${tokens}`) return json(401, {status: 401, detail: 'token'});
    res.writeHead(200, {'Content-Type': 'text/event-stream'});
    res.write(`retry: 500\n\nid: c-${tokens}\nevent: operation\ndata: ${JSON.stringify(op)}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (!bearer) return json(401, {status: 401, title: 'Unauthorized', detail: 'an API key is needed'});
  if (url.pathname === '/v1/stream-tokens' && req.method === 'POST') return json(201, {token: `token-${++tokens}`});
  if (url.pathname === '/v1/backends') return json(200, []);
  if (url.pathname === '/v1/operations') return json(200, {operations: [], nextPageToken: null});
  return json(404, {status: 404});
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await launch();
await finish(async () => {
  try {
    const page = await browser.newPage();
    step('without a key the page asks for one and opens no stream');
    await page.goto(`${base}/`);
    await page.waitForSelector('#key-form:not([hidden])', {timeout: 5_000});
    await page.waitForTimeout(1_000);
    check(!requests.some((r) => r.path === '/v1/events' || r.path === '/v1/stream-tokens'), 'no stream without a key');
    check((await page.getAttribute('#connection', 'data-state')) === 'offline', 'the indicator says offline');

    step('with the key: Bearer on fetches, a stream token, ?token= on the EventSource');
    await page.fill('#key-input', KEY);
    await page.click('#key-form button[type="submit"]');
    await page.waitForSelector('#rows .row[data-id="op-1"]', {timeout: 5_000});
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 5_000});
    check(requests.some((r) => r.path === '/v1/stream-tokens' && r.bearer), 'a stream token fetched with the key');
    check(requests.some((r) => r.path === '/v1/events' && r.query.includes('token=token-1')), 'the stream opened with it');
    check(requests.filter((r) => r.path !== '/v1/events').slice(-3).every((r) => r.bearer), 'fetches carry the key');
    check(await page.isHidden('#key-form'), 'the form is gone');

    step('the key survives a reload of the page (sessionStorage)');
    await page.reload();
    await page.waitForSelector('#connection[data-state="live"]', {timeout: 5_000});
    check(await page.isHidden('#key-form'), 'no form after the reload');
    const tokenBefore = tokens;

    step('a dropped stream whose token expired reconnects with a new token');
    for (const res of streams) res.end();
    await eventually(() => tokens > tokenBefore && requests.some((r) => r.query.includes(`token=token-${tokens}`)),
      'a new token and a stream with it', 10_000);
    await page.waitForSelector('#connection[data-state="live"] .reconnects:not([data-count="0"])', {timeout: 10_000});
    const resumed = requests.filter((r) => r.path === '/v1/events').at(-1);
    step(`  resumed with ${resumed.query}`);
    check(resumed.query.includes(`lastEventId=c-${tokenBefore}`), 'the new stream resumes after the last event');
  } finally {
    await browser.close();
    server.close();
  }
});
