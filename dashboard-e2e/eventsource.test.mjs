// Both SSE streams read by the npm `eventsource` package (a WHATWG EventSource written by others), through a TCP
// proxy that drops the connection half-way. node eventsource.test.mjs <gateway url> <simulator url>
// The gateway runs with opgate.sse.retry=1s, so that honouring the retry: hint is told apart from the library's
// own default of 3 s.
// Asserts, for each stream: the library reconnects by itself after the retry hint, sends Last-Event-ID with the
// last id it received, and the stream resumes there: no reset, no version twice or out of order, none missed,
// through to the terminal event. The all-operations stream also brings `deleted`.
import net from 'node:net';
import {EventSource} from 'eventsource';
import {check, eventually, finish, http, register, simulate, step} from './harness.mjs';

const [base, simulator] = process.argv.slice(2);

/** A TCP proxy to the gateway that records each request's head and can cut every connection at once. */
async function droppingProxy(target) {
  const {hostname, port} = new URL(target);
  const pairs = new Set();
  const requests = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    const pair = {client, upstream};
    pairs.add(pair);
    let head = '';
    client.on('data', (chunk) => {
      if (!head.includes('\r\n\r\n')) {
        head += chunk.toString('latin1');
        if (head.includes('\r\n\r\n')) requests.push({at: Date.now(), head});
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    drop() {
      for (const {client, upstream} of pairs) {
        client.destroy();
        upstream.destroy();
      }
    },
    close: () => server.close(),
  };
}

const lastEventIdOf = (request) => (/^last-event-id:\s*(.*)$/im.exec(request.head) || [])[1]?.trim() ?? null;

/** Opens `url` with the library and records every event with the time it arrived. */
function listen(url) {
  const events = [];
  const source = new EventSource(url);
  for (const type of ['operation', 'reset', 'deleted']) {
    source.addEventListener(type, (e) => events.push({type, id: e.lastEventId, data: JSON.parse(e.data), at: Date.now()}));
  }
  return {source, events};
}

/**
 * Versions per operation in the order received: strictly increasing, and without gaps where the contract promises
 * every change (the firehose resumed within retention). A per-operation stream resumes with the current snapshot
 * (CONTRACT §3: a client may skip intermediate versions, never go back).
 */
function checkVersions(events, what, gapless = true) {
  const byId = new Map();
  for (const e of events.filter((x) => x.type === 'operation')) {
    if (!byId.has(e.data.id)) byId.set(e.data.id, []);
    byId.get(e.data.id).push(e.data.version);
  }
  for (const [id, versions] of byId) {
    step(`  ${what} ${id}: versions ${versions.join(' ')}`);
    versions.forEach((v, i) => {
      if (i > 0 && gapless) check(v === versions[i - 1] + 1, `${what}: version ${v} follows ${versions[i - 1]} of ${id}`);
      if (i > 0) check(v > versions[i - 1], `${what}: version ${v} after ${versions[i - 1]} of ${id}`);
    });
  }
  return byId;
}

/** Drops the connection once `ready`, then waits for the library's own reconnection and checks it. */
async function dropAndResume(proxy, events, ready, label) {
  await eventually(ready, `${label}: events before the drop`, 15_000);
  const before = events.length;
  const lastId = events.at(-1).id;
  const requestsBefore = proxy.requests.length;
  const droppedAt = Date.now();
  proxy.drop();
  step(`  dropped the connection after ${before} events, last id ${lastId}`);
  const again = await eventually(() => proxy.requests[requestsBefore], `${label}: the library reconnects`, 10_000);
  const gap = again.at - droppedAt;
  step(`  reconnected after ${gap} ms with Last-Event-ID: ${lastEventIdOf(again)}`);
  check(lastEventIdOf(again) === lastId, `${label}: Last-Event-ID is the last id received (${lastId})`);
  check(gap >= 900 && gap < 2_900, `${label}: the reconnection waited for the 1 s retry hint (${gap} ms)`);
  return {before, reconnectedAt: again.at};
}

await finish(async () => {
  const proxy = await droppingProxy(base);
  try {
    step('the all-operations stream, dropped and resumed');
    const run = `es-${Date.now()}`;
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const handle = await simulate(simulator, 'ontap', {queuedMs: 0, runningMs: 7_000});
      ids.push((await register(base, 'ontap-lab', handle, {run})).op.id);
    }
    const all = listen(`${proxy.url}/v1/events?label=run:${run}`);
    const seen = (id) => all.events.filter((e) => e.type === 'operation' && e.data.id === id);
    const resumed = await dropAndResume(proxy, all.events, () => ids.every((id) => seen(id).length >= 2), 'all');
    await eventually(() => ids.every((id) => seen(id).some((e) => e.data.done)), 'both operations end', 20_000);
    check(!all.events.some((e) => e.type === 'reset'), 'no reset: the cursor was resumed');
    checkVersions(all.events, 'all');
    const missed = all.events.slice(resumed.before).filter((e) => Date.parse(e.data.updatedAt) < resumed.reconnectedAt);
    step(`  ${missed.length} changes made while disconnected arrived after the reconnection`);
    check(missed.length > 0, 'changes made while the client was away are delivered on resume');

    check((await http('DELETE', `${base}/v1/operations/${ids[0]}`)).status === 204, 'DELETE answered 204');
    await eventually(() => all.events.some((e) => e.type === 'deleted' && e.data.id === ids[0]), 'event: deleted', 5_000);
    all.source.close();

    step('one operation\'s stream, dropped and resumed');
    const handle = await simulate(simulator, 'ontap', {queuedMs: 0, runningMs: 6_000});
    const id = (await register(base, 'ontap-lab', handle, {run})).op.id;
    const one = listen(`${proxy.url}/v1/operations/${id}/events`);
    // The stream ends after the terminal event; an EventSource would reconnect, so the client closes then.
    one.source.addEventListener('operation', (e) => JSON.parse(e.data).done && one.source.close());
    const again = await dropAndResume(proxy, one.events, () => one.events.length >= 2, 'one');
    await eventually(() => one.events.some((e) => e.data.done), 'the terminal event', 20_000);
    const versions = checkVersions(one.events, 'one', false).get(id);
    check(one.events.every((e) => e.id === String(e.data.version)), 'the event id is the version');
    check(versions[again.before] > versions[again.before - 1], 'the first event after the drop is newer than the last one before it');
    check(one.events.at(-1).data.state === 'SUCCEEDED', 'the last event is the terminal one');
  } finally {
    proxy.close();
  }
});
