// The opgate dashboard: one EventSource on /v1/events, a Map of operations by id, DOM updates batched per frame.
const STATES = ['UNKNOWN', 'QUEUED', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST'];
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST']);
const DONE_PAGE = 200;      // recent done operations loaded at start; the stream only brings what is not done
const MAX_DONE_ROWS = 1000; // beyond this the oldest done rows leave the table
const KEY = 'opgate.apiKey';

const $ = (id) => document.getElementById(id);
const ops = new Map();      // id -> operation, the only copy of the data
const rows = new Map();     // id -> {el, cells, shown}: what is on screen, to update in place
const doneOrder = new Set();
const dirty = new Set();
let frame = 0;
let countsDirty = true;
let countsAt = 0;
let selected = null;
let apiKey = sessionStorage.getItem(KEY);

// ---- HTTP, with an API key when the server asks for one (mode none needs none) ----

class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const headers = {Accept: 'application/json', ...(options.headers || {})};
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const res = await fetch(path, {...options, headers});
  if (res.status === 401) askForKey();
  if (!res.ok) {
    let detail = null;
    try { detail = (await res.json()).detail; } catch (e) { /* not problem+json */ }
    throw new ApiError(res.status, `${res.status}: ${detail || res.statusText}`);
  }
  return res.status === 204 || res.status === 202 ? null : res.json();
}

function askForKey() {
  $('key-form').hidden = false;
  $('key-input').focus();
  setConnection('offline', 'API key needed');
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  apiKey = $('key-input').value.trim();
  sessionStorage.setItem(KEY, apiKey);
  $('key-form').hidden = true;
  $('key-forget').hidden = false;
  restart();
});
$('key-forget').hidden = !apiKey;
$('key-forget').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  location.reload();
});

// ---- the event stream ----

let source = null;
let lastEventId = null;
let reconnects = 0;
let dropped = false;
let retryTimer = 0;
let generation = 0;

function filterQuery() {
  const q = new URLSearchParams();
  const backend = $('filter-backend').value;
  if (backend) q.set('backend', backend);
  for (const box of document.querySelectorAll('#filter-states input:checked')) q.append('state', box.value);
  for (const label of $('filter-labels').value.split(/[\s,]+/).filter(Boolean)) q.append('label', label);
  return q;
}

async function connect() {
  const mine = ++generation;
  clearTimeout(retryTimer);
  if (source) source.close();
  const q = filterQuery();
  // A browser's own reconnect sends Last-Event-ID; one we start ourselves passes it in the query.
  if (lastEventId) q.set('lastEventId', lastEventId);
  try {
    if (apiKey) q.set('token', (await api('/v1/stream-tokens', {method: 'POST'})).token);
  } catch (e) {
    if (mine === generation) retryLater();
    return;
  }
  if (mine !== generation) return;
  const es = new EventSource(`/v1/events?${q}`);
  source = es;
  es.onopen = () => {
    if (dropped) {
      reconnects++;
      dropped = false;
    }
    setConnection('live');
  };
  es.onerror = () => {
    if (es !== source) return;
    dropped = true;
    if (es.readyState === EventSource.CONNECTING && !apiKey) {
      setConnection('reconnecting');
    } else {
      // Closed for good (an HTTP error), or a stream token that will have expired: start over ourselves.
      es.close();
      retryLater();
    }
  };
  es.addEventListener('operation', (e) => {
    lastEventId = e.lastEventId || lastEventId;
    upsert(JSON.parse(e.data));
  });
  es.addEventListener('deleted', (e) => {
    lastEventId = e.lastEventId || lastEventId;
    remove(JSON.parse(e.data).id);
  });
  es.addEventListener('reset', () => {
    // The gateway no longer has our cursor: what follows is a full snapshot of what is not done.
    clearAll();
    loadDone();
  });
}

function retryLater() {
  // Waiting for the user's API key: retrying without one would only be refused again.
  if (!$('key-form').hidden) return;
  setConnection('reconnecting');
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, 3000);
}

function setConnection(state, text) {
  const el = $('connection');
  el.dataset.state = state;
  el.querySelector('.label').textContent = text || state;
  const r = el.querySelector('.reconnects');
  r.dataset.count = String(reconnects);
  r.textContent = reconnects ? `${reconnects} reconnect${reconnects > 1 ? 's' : ''}` : '';
}

async function loadDone() {
  if (!$('filter-done').checked) return;
  const q = filterQuery();
  q.set('done', 'true');
  q.set('pageSize', String(DONE_PAGE));
  const mine = generation;
  try {
    const page = await api(`/v1/operations?${q}`);
    if (mine !== generation) return;
    // Oldest first, so that the newest ends on top like live arrivals.
    for (const op of page.operations.reverse()) upsert(op);
  } catch (e) {
    toast(e.message, 'error');
  }
}

async function restart() {
  lastEventId = null;
  dropped = false;
  clearAll();
  // The first request tells whether the gateway wants an API key; without one the stream would only be refused.
  await refreshBackends();
  if (!$('key-form').hidden) return;
  await connect();
  loadDone();
}

// ---- the model ----

function upsert(op) {
  const known = ops.get(op.id);
  if (known && known.version > op.version) return;
  ops.set(op.id, op);
  if (op.done) {
    doneOrder.delete(op.id);
    doneOrder.add(op.id);
    if (doneOrder.size > MAX_DONE_ROWS) {
      const oldest = doneOrder.values().next().value;
      if (oldest !== selected) remove(oldest);
    }
  }
  touch(op.id);
}

function remove(id) {
  ops.delete(id);
  doneOrder.delete(id);
  touch(id);
}

function clearAll() {
  for (const id of ops.keys()) dirty.add(id);
  ops.clear();
  doneOrder.clear();
  touch(null);
}

function touch(id) {
  if (id !== null) dirty.add(id);
  countsDirty = true;
  if (!frame) frame = requestAnimationFrame(flush);
}

// ---- rendering, once per animation frame ----

function flush() {
  frame = 0;
  const body = $('rows');
  const fresh = document.createDocumentFragment();
  const added = [];
  for (const id of dirty) {
    const op = ops.get(id);
    const row = rows.get(id);
    if (!op) {
      if (row) {
        row.el.remove();
        rows.delete(id);
      }
      if (id === selected) closeDetail();
    } else if (row) {
      render(row, op);
    } else {
      added.push(op);
    }
    if (op && id === selected) showDetail(op, false);
  }
  dirty.clear();
  for (const op of added) {
    const row = createRow(op);
    render(row, op);
    rows.set(op.id, row);
    fresh.prepend(row.el);
  }
  if (fresh.firstChild) body.prepend(fresh);
  // Counts walk every operation: a few times a second is plenty, however many frames there are.
  if (countsDirty && performance.now() - countsAt > 250) renderCounts();
  else if (countsDirty && !frame) frame = requestAnimationFrame(flush);
}

function createRow(op) {
  const el = document.createElement('div');
  el.className = 'row';
  el.setAttribute('role', 'row');
  el.dataset.id = op.id;
  el.innerHTML = '<div class="backend"></div><div class="type"></div><div class="handle"></div>'
    + '<div><span class="state"></span></div>'
    + '<div><div class="progress"><div class="bar"><span></span></div><span class="text"></span></div></div>'
    + '<div class="updated"></div><div class="labels"></div>'
    + '<div class="actions"><button type="button" data-action="cancel">Cancel</button> '
    + '<button type="button" data-action="forget">Forget</button></div>';
  const q = (s) => el.querySelector(s);
  const cells = {
    backend: q('.backend'), type: q('.type'), handle: q('.handle'), state: q('.state'),
    progress: q('.progress'), bar: q('.bar span'), text: q('.progress .text'), updated: q('.updated'),
    labels: q('.labels'), cancel: q('[data-action="cancel"]'),
  };
  if (op.id === selected) el.classList.add('selected');
  return {el, cells, shown: {}};
}

// Writes only what changed: with thousands of rows most updates touch one or two cells.
function set(row, key, value, apply) {
  if (row.shown[key] !== value) {
    row.shown[key] = value;
    apply(value);
  }
}

function render(row, op) {
  const c = row.cells;
  set(row, 'backend', op.backend, (v) => { c.backend.textContent = v; c.backend.title = `${v} (${op.backendType})`; });
  set(row, 'type', op.type || '', (v) => { c.type.textContent = v; c.type.title = v; });
  set(row, 'handle', op.handle, (v) => { c.handle.textContent = v; c.handle.title = v; });
  set(row, 'state', op.state, (v) => {
    c.state.textContent = v;
    row.el.dataset.state = v;
    c.cancel.disabled = TERMINAL.has(v);
  });
  const pct = percentOf(op);
  set(row, 'bar', pct, (v) => { c.bar.style.transform = `scaleX(${(v === null ? 0 : v) / 100})`; });
  set(row, 'text', progressText(op, pct), (v) => { c.text.textContent = v; c.progress.title = v; });
  set(row, 'updated', ago(op.updatedAt), (v) => { c.updated.textContent = v; });
  set(row, 'labels', labelText(op.labels), (v) => { c.labels.textContent = v; c.labels.title = v; });
}

function percentOf(op) {
  if (op.state === 'SUCCEEDED') return 100;
  const p = op.progress || {};
  if (p.percent !== null && p.percent !== undefined) return p.percent;
  if (p.completed !== null && p.total) return Math.min(100, (100 * p.completed) / p.total);
  return null;
}

function progressText(op, pct) {
  const p = op.progress || {};
  const parts = [];
  if (pct !== null) parts.push(`${Math.floor(pct)}%`);
  if (p.completed !== null && p.total !== null) parts.push(`${p.completed}/${p.total}`);
  if (p.etaSeconds !== null && !op.done) parts.push(`ETA ${duration(p.etaSeconds)}`);
  if (op.error && op.error.code) parts.push(op.error.code);
  else if (p.message && !op.done) parts.push(p.message);
  return parts.join(' · ');
}

function duration(seconds) {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

function ago(timestamp) {
  if (!timestamp) return '';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(timestamp)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

function labelText(labels) {
  return Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(' ');
}

function renderCounts() {
  countsDirty = false;
  countsAt = performance.now();
  const byState = Object.fromEntries(STATES.map((s) => [s, 0]));
  const byBackend = {};
  for (const op of ops.values()) {
    byState[op.state]++;
    byBackend[op.backend] = (byBackend[op.backend] || 0) + 1;
  }
  const el = $('state-counts');
  if (!el.firstChild) {
    el.innerHTML = STATES.map((s) => `<div class="count" data-state="${s}"><span>${s.toLowerCase()}</span><b>0</b></div>`).join('');
  }
  for (const box of el.children) box.querySelector('b').textContent = byState[box.dataset.state];
  for (const card of $('backends').children) {
    card.querySelector('.shown-count').textContent = byBackend[card.dataset.name] || 0;
  }
  $('shown').textContent = `${ops.size} shown`;
  $('empty').hidden = ops.size > 0;
}

// ---- backends: health and load ----

async function refreshBackends() {
  let list;
  try {
    list = await api('/v1/backends');
  } catch (e) {
    return;
  }
  const select = $('filter-backend');
  const chosen = select.value;
  const names = list.map((b) => b.name);
  if ([...select.options].slice(1).map((o) => o.value).join() !== names.join()) {
    select.replaceChildren(new Option('all', ''), ...names.map((n) => new Option(n, n)));
    select.value = names.includes(chosen) ? chosen : '';
  }
  const box = $('backends');
  box.replaceChildren(...list.map((b) => {
    const card = document.createElement('div');
    card.className = 'backend-card';
    card.dataset.name = b.name;
    card.dataset.reachable = String(b.reachable);
    card.innerHTML = '<span class="name"></span><span class="load"></span><span class="meta"></span>';
    card.querySelector('.name').textContent = b.name;
    card.querySelector('.load').textContent = `${b.activeOperations} active`;
    card.querySelector('.meta').innerHTML = '';
    card.querySelector('.meta').append(
      `${b.type} · ${b.reachable ? 'reachable' : 'unreachable'} · ${b.inFlight}/${b.maxConcurrency} polls · `,
      Object.assign(document.createElement('span'), {className: 'shown-count', textContent: '0'}), ' shown');
    if (b.lastError) {
      const err = Object.assign(document.createElement('span'), {className: 'error', textContent: b.lastError});
      err.title = b.lastError;
      card.append(err);
    }
    return card;
  }));
  countsDirty = true;
  touch(null);
}

// ---- detail panel and actions ----

let nativeFetchedVersion = -1;
let nativeTimer = 0;

function select(id) {
  if (selected && rows.has(selected)) rows.get(selected).el.classList.remove('selected');
  selected = id;
  if (rows.has(id)) rows.get(id).el.classList.add('selected');
  nativeFetchedVersion = -1;
  clearTimeout(nativeTimer);
  nativeTimer = 0;
  $('detail-native').textContent = 'loading…';
  showDetail(ops.get(id), true);
}

function showDetail(op, fetchNow) {
  if (!op) return;
  const panel = $('detail');
  panel.hidden = false;
  panel.dataset.id = op.id;
  $('detail-title').textContent = `${op.backend} · ${op.handle}`;
  $('detail-json').textContent = JSON.stringify(op, null, 2);
  $('detail-cancel').disabled = op.done;
  if (op.version !== nativeFetchedVersion && !nativeTimer) {
    // The raw payload is not in events; fetch it at most once a second while the operation moves.
    nativeTimer = setTimeout(() => {
      nativeTimer = 0;
      loadNative(op.id);
    }, fetchNow ? 0 : 1000);
  }
}

async function loadNative(id) {
  try {
    const full = await api(`/v1/operations/${encodeURIComponent(id)}?view=full`);
    if (id !== selected) return;
    nativeFetchedVersion = full.version;
    $('detail-native').textContent = JSON.stringify(full.native, null, 2);
    const {native, ...normalized} = full;
    upsert(normalized);
  } catch (e) {
    if (id === selected) $('detail-native').textContent = e.message;
  }
}

function closeDetail() {
  if (selected && rows.has(selected)) rows.get(selected).el.classList.remove('selected');
  selected = null;
  clearTimeout(nativeTimer);
  nativeTimer = 0;
  $('detail').hidden = true;
}

async function act(action, id) {
  const path = `/v1/operations/${encodeURIComponent(id)}`;
  try {
    if (action === 'cancel') {
      await api(`${path}/cancel`, {method: 'POST'});
      toast('Cancel accepted by the backend');
    } else {
      await api(path, {method: 'DELETE'});
      remove(id);
      toast('Forgotten');
    }
  } catch (e) {
    toast(e.message, 'error');
  }
}

$('rows').addEventListener('click', (e) => {
  const el = e.target.closest('.row');
  if (!el) return;
  const button = e.target.closest('button');
  if (button) act(button.dataset.action, el.dataset.id);
  else select(el.dataset.id);
});
$('detail').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-action]');
  if (button && selected) act(button.dataset.action, selected);
});
$('detail-close').addEventListener('click', closeDetail);

let toastTimer = 0;
function toast(text, kind) {
  const el = $('toast');
  el.textContent = text;
  el.dataset.kind = kind || 'info';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

// ---- start ----

$('filter-states').append(...STATES.map((s) => {
  const label = document.createElement('label');
  label.innerHTML = `<input type="checkbox" value="${s}"> ${s.toLowerCase()}`;
  return label;
}));
$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  restart();
});
$('filter-backend').addEventListener('change', restart);
$('filter-states').addEventListener('change', restart);
$('filter-done').addEventListener('change', restart);

setInterval(() => {
  // "Updated … ago" moves with the clock even when nothing happens.
  for (const [id, row] of rows) {
    const op = ops.get(id);
    if (op) set(row, 'updated', ago(op.updatedAt), (v) => { row.cells.updated.textContent = v; });
  }
}, 1000);
setInterval(refreshBackends, 5000);
restart();
