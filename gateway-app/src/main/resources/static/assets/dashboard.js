// The opgate dashboard: one EventSource on /v1/events, a Map of operations by id, DOM updates batched per frame;
// counts and backend health read from the gateway; the view (filters, sort, search, selection) held in the URL.
import {ApiError, api, hasKey, streamToken, useKey} from './api.js';
import {
  STATES, ago, clock, duration, elapsed, etaText, failureText, labelText, percentOf, percentText, progressNote,
  progressText, startOf,
} from './format.js';
import {apiQuery, fromUrl, matches, parseLabels, searchMatches, toUrl} from './filters.js';
import {drawTimeline} from './timeline.js';

const DONE_PAGE = 200;      // recent done operations loaded at start; the stream only brings what is not done
const MAX_DONE_ROWS = 1000; // beyond this the oldest done rows leave the table
const STALE_AFTER_MS = 1500; // a reconnection quicker than this (a stream rotated by the server) shows no alarm
const SORT_EVERY_MS = 400;   // rows are re-ordered at most this often, so that they do not jitter under the pointer

const $ = (id) => document.getElementById(id);
const ops = new Map();      // id -> operation, the only copy of the data
const rows = new Map();     // id -> {el, cells, shown}: what is on screen, to update in place
const doneOrder = new Set();
const dirty = new Set();
const backends = new Map(); // name -> the last entry of GET /v1/backends
const forgotten = new Set(); // ids deleted (by anyone) since the last frame: their detail panel closes
let frame = 0;
let orderDirty = false;
let sortedAt = 0;

const view = fromUrl(location.search);
let labels = parseLabels(view.labels).labels || [];

// ---- connection state: live, reconnecting, offline (no answer), key (waiting for an API key), refused ----

let connection = 'connecting';
let staleTimer = 0;
let downSince = null;

function setConnection(state, text) {
  connection = state;
  const el = $('connection');
  el.dataset.state = state;
  document.body.dataset.connection = state;
  el.querySelector('.label').textContent = text || state;
  const r = el.querySelector('.reconnects');
  r.dataset.count = String(reconnects);
  r.textContent = reconnects ? `${reconnects} reconnect${reconnects > 1 ? 's' : ''}` : '';
  if (state === 'live') {
    clearTimeout(staleTimer);
    staleTimer = 0;
    downSince = null;
    setStale(false);
  } else if (!staleTimer && !document.body.classList.contains('stale')) {
    downSince = downSince || new Date();
    staleTimer = setTimeout(() => setStale(true), STALE_AFTER_MS);
  }
}

/** Disconnected: say so plainly, and stop presenting what may no longer be true as if it were. */
function setStale(stale) {
  staleTimer = 0;
  document.body.classList.toggle('stale', stale);
  const banner = $('banner');
  if (stale && (connection === 'reconnecting' || connection === 'offline')) {
    banner.textContent = `Disconnected from the gateway since ${clock(downSince.toISOString())}: rows, counts and `
      + 'backend health may be out of date, and actions are disabled until it answers again. Reconnecting…';
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
  renderBackends();
  updateActions();
}

const isStale = () => document.body.classList.contains('stale');

// ---- the API key, asked for only when the gateway wants one ----

function askForKey(message) {
  $('key-form').hidden = false;
  $('key-forget').hidden = true;
  $('key-message').textContent = message || '';
  setConnection('key', 'API key needed');
  if (document.activeElement === document.body || !document.activeElement) $('key-input').focus();
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  useKey($('key-input').value.trim());
  $('key-input').value = '';
  $('key-form').hidden = true;
  $('key-forget').hidden = false;
  restart().then(reselect);
});
$('key-forget').hidden = !hasKey();
$('key-forget').addEventListener('click', () => {
  useKey(null);
  location.reload();
});

// ---- the event stream ----

let source = null;
let lastEventId = null;
let reconnects = 0;
let dropped = false;
let retryTimer = 0;
let retryDelay = 1000;
let generation = 0;
// Set by a restart: the recent done operations are loaded once its stream is open, not before (see es.onopen).
let doneWanted = false;

/** Handles a failed request of the stream's set-up: asks for a key, explains refused filters, or retries. */
function failed(e) {
  if (e.status === 401) {
    askForKey(hasKey() ? 'The gateway refused this key.' : '');
  } else if (e.status === 400 || e.status === 422) {
    filterMessage(`The gateway refused these filters: ${e.message}`);
    setConnection('refused', 'filters refused');
  } else if (e.status === 403) {
    setConnection('refused', 'not allowed');
    toast(`This key may not read operations: ${e.sentence}`, 'error');
  } else {
    retryLater();
  }
}

async function connect() {
  const mine = ++generation;
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  const q = apiQuery(view, labels);
  let token = null;
  try {
    // One request before the stream, whose failure an EventSource would hide: refused filters, a missing or refused
    // key, or no gateway at all each get their own answer instead of an endless reconnection.
    const probe = new URLSearchParams(q);
    probe.set('pageSize', '1');
    await api(`/v1/operations?${probe}`);
    if (hasKey()) token = await streamToken('/v1/events', q);
  } catch (e) {
    if (mine === generation) failed(e);
    return;
  }
  if (mine !== generation) return;
  // A reconnection the page makes itself passes the cursor in the query.
  if (lastEventId) q.set('lastEventId', lastEventId);
  if (token) q.set('token', token);
  const es = new EventSource(`/v1/events?${q}`);
  source = es;
  es.onopen = () => {
    if (es !== source) return;
    if (dropped) {
      reconnects++;
      dropped = false;
    }
    retryDelay = 1000;
    setConnection('live');
    scheduleCounts(0);
    refreshBackends();
    // Only now: the gateway takes the stream's snapshot of what is not done as it opens the stream, and an operation
    // that ended between a list read earlier and that snapshot would be in neither (a row missing until reload).
    if (doneWanted) {
      doneWanted = false;
      loadDone(mine);
    }
  };
  es.onerror = () => {
    if (es !== source) return;
    // Closed by a drop, a restart, or the server ending a stream past its age: reconnect ourselves, with a fresh
    // token (the old one may have expired) and after the last event seen.
    es.close();
    source = null;
    dropped = true;
    setConnection('reconnecting');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, 250);
  };
  es.addEventListener('operation', (e) => {
    if (es !== source) return;
    lastEventId = e.lastEventId || lastEventId;
    upsert(JSON.parse(e.data));
    scheduleCounts();
  });
  es.addEventListener('deleted', (e) => {
    if (es !== source) return;
    lastEventId = e.lastEventId || lastEventId;
    remove(JSON.parse(e.data).id);
    scheduleCounts();
  });
  es.addEventListener('reset', () => {
    if (es !== source) return;
    // The gateway no longer has our cursor: what follows is a full snapshot of what is not done.
    clearAll();
    loadDone(mine);
  });
}

function retryLater() {
  dropped = true;
  setConnection('offline', 'no answer');
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 5000);
}

async function loadDone(mine) {
  if (!view.done) return;
  const q = apiQuery(view, labels);
  q.set('done', 'true');
  q.set('pageSize', String(DONE_PAGE));
  try {
    const page = await api(`/v1/operations?${q}`);
    if (mine !== generation) return;
    // Oldest first, so that the newest ends on top like live arrivals.
    for (const op of page.operations.reverse()) upsert(op);
  } catch (e) {
    if (mine === generation && e.status !== 401 && e.status !== 400) toast(e.sentence, 'error');
  }
}

/** Starts over with the current filters: a new stream, new counts, and no row from the previous filters. */
async function restart() {
  const parsed = parseLabels(view.labels);
  if (parsed.error) {
    filterMessage(parsed.error);
    return;
  }
  filterMessage(null);
  labels = parsed.labels;
  lastEventId = null;
  dropped = false;
  clearAll();
  syncUrl();
  refreshBackends();
  doneWanted = true;
  await connect();
}

// ---- the model ----

function upsert(op) {
  // A straggler from before a change of filters, or one that has just left them (e.g. a state filter).
  if (!matches(op, view, labels)) {
    if (ops.has(op.id)) remove(op.id);
    return;
  }
  const known = ops.get(op.id);
  if (known && known.version > op.version) return;
  ops.set(op.id, op);
  if (op.done) {
    doneOrder.delete(op.id);
    doneOrder.add(op.id);
    if (doneOrder.size > MAX_DONE_ROWS) {
      const oldest = doneOrder.values().next().value;
      if (oldest !== view.selected) remove(oldest);
    }
  }
  touch(op.id);
}

function remove(id) {
  forgotten.add(id);
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
  if (!frame) frame = requestAnimationFrame(flush);
}

// ---- rendering, once per animation frame ----

function flush() {
  frame = 0;
  const body = $('rows');
  const fresh = document.createDocumentFragment();
  for (const id of dirty) {
    const op = ops.get(id);
    const row = rows.get(id);
    if (!op) {
      if (row) {
        if (row.el === document.activeElement) (row.el.nextElementSibling || row.el.previousElementSibling)?.focus();
        row.el.remove();
        rows.delete(id);
      }
      // A change of filters clears the table but keeps the panel; a forgotten operation closes it.
      if (id === view.selected && forgotten.has(id)) closeDetail(false);
      continue;
    }
    if (row) {
      render(row, op);
    } else {
      const created = createRow(op);
      render(created, op);
      rows.set(op.id, created);
      fresh.prepend(created.el);
    }
    if (id === view.selected) showDetail(op, false);
    orderDirty = true;
  }
  dirty.clear();
  forgotten.clear();
  if (fresh.firstChild) body.prepend(fresh);
  if (orderDirty) {
    if (performance.now() - sortedAt >= SORT_EVERY_MS) order();
    else if (!frame) frame = requestAnimationFrame(flush);
  }
  summarize();
}

const SORT_KEYS = {
  backend: (op) => op.backend,
  handle: (op) => op.handle,
  type: (op) => op.type || '',
  state: (op) => STATES.indexOf(op.state),
  progress: (op) => percentOf(op) ?? -1,
  start: (op) => (startOf(op) ? Date.parse(startOf(op)) : 0),
  end: (op) => (op.endedAt ? Date.parse(op.endedAt) : 0),
  duration: (op) => elapsed(op) ?? -1,
  updated: (op) => Date.parse(op.updatedAt),
};

/** Puts the rows in the chosen order, moving only the rows that are out of place. */
function order() {
  orderDirty = false;
  sortedAt = performance.now();
  const key = SORT_KEYS[view.sort.key] || SORT_KEYS.start;
  const sign = view.sort.desc ? -1 : 1;
  const list = [...ops.values()].map((op) => ({id: op.id, k: key(op)}));
  list.sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const body = $('rows');
  const focused = document.activeElement;
  let at = body.firstElementChild;
  for (const {id} of list) {
    const el = rows.get(id)?.el;
    if (!el) continue;
    if (el === at) at = at.nextElementSibling;
    else body.insertBefore(el, at);
  }
  // Moving a focused row blurs it: a keyboard user keeps their place.
  if (focused && focused !== document.activeElement && focused.isConnected) focused.focus({preventScroll: true});
}

function createRow(op) {
  const el = document.createElement('div');
  el.className = 'row';
  el.setAttribute('role', 'row');
  // One tab stop per row: the row itself. Its actions are in the detail panel, which Enter opens.
  el.tabIndex = 0;
  el.dataset.id = op.id;
  el.innerHTML = '<div role="cell" class="c-backend"></div><div role="cell" class="c-handle"></div>'
    + '<div role="cell" class="c-type"></div><div role="cell" class="c-state"><span class="state"></span></div>'
    + '<div role="cell" class="c-progress"><div class="progress"><div class="bar"><span></span></div>'
    + '<span class="pct"></span><span class="text"></span><span class="eta"></span></div></div>'
    + '<div role="cell" class="c-start"></div><div role="cell" class="c-end"></div>'
    + '<div role="cell" class="c-duration"></div><div role="cell" class="c-updated"></div>'
    + '<div role="cell" class="c-labels"></div>';
  const q = (s) => el.querySelector(s);
  const cells = {
    backend: q('.c-backend'), handle: q('.c-handle'), type: q('.c-type'), state: q('.state'),
    progress: q('.progress'), bar: q('.bar span'), pct: q('.progress .pct'), text: q('.progress .text'),
    eta: q('.progress .eta'),
    start: q('.c-start'), end: q('.c-end'), duration: q('.c-duration'), updated: q('.c-updated'), labels: q('.c-labels'),
  };
  if (op.id === view.selected) el.setAttribute('aria-current', 'true');
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
  set(row, 'handle', op.handle, (v) => { c.handle.textContent = v; c.handle.title = v; });
  set(row, 'type', op.type || '', (v) => { c.type.textContent = v; c.type.title = v; });
  set(row, 'state', op.state, (v) => {
    c.state.textContent = v;
    row.el.dataset.state = v;
  });
  const pct = percentOf(op);
  set(row, 'bar', pct, (v) => { c.bar.style.transform = `scaleX(${(v === null ? 0 : v) / 100})`; });
  set(row, 'pct', op.error ? '' : percentText(pct), (v) => { c.pct.textContent = v; });
  set(row, 'text', progressNote(op), (v) => { c.text.textContent = v; });
  set(row, 'eta', etaText(op), (v) => { c.eta.textContent = v; });
  const tip = [progressText(op, pct), etaText(op), op.error && op.error.code ? `code ${op.error.code}` : '']
    .filter(Boolean).join(' · ');
  set(row, 'tip', tip, (v) => { c.progress.title = v; });
  set(row, 'failed', Boolean(op.error), (v) => row.el.classList.toggle('has-error', v));
  set(row, 'start', startOf(op), (v) => { c.start.textContent = clock(v); c.start.title = v || ''; });
  set(row, 'end', op.endedAt, (v) => { c.end.textContent = clock(v); c.end.title = v || ''; });
  tick(row, op);
  set(row, 'labels', labelText(op.labels), (v) => { c.labels.textContent = v; c.labels.title = v; });
  set(row, 'search', searchMatches(op, view.search), (v) => { row.el.hidden = !v; });
}

/** The cells that move with the clock: how long ago, and how long it has run. */
function tick(row, op) {
  set(row, 'updated', ago(op.updatedAt), (v) => { row.cells.updated.textContent = v; });
  set(row, 'duration', duration(elapsed(op)), (v) => { row.cells.duration.textContent = v; });
}

function summarize() {
  let shown = 0;
  for (const row of rows.values()) if (!row.el.hidden) shown++;
  const text = view.search ? `${shown} of ${ops.size} loaded match “${view.search}”` : `${ops.size} loaded`;
  if ($('shown').textContent !== text) $('shown').textContent = text;
  $('empty').hidden = shown > 0;
}

// ---- counts per state and per backend, from the gateway (not from what this page has loaded) ----

let countsTimer = 0;
let countsAt = 0;
let counts = null;

function scheduleCounts(delay) {
  if (countsTimer) return;
  const wait = delay ?? Math.max(0, 1000 - (performance.now() - countsAt));
  countsTimer = setTimeout(refreshCounts, wait);
}

async function refreshCounts() {
  countsTimer = 0;
  countsAt = performance.now();
  const q = apiQuery(view, labels, {withStates: false});
  try {
    counts = await api(`/v1/operation-counts?${q}`);
  } catch (e) {
    // 404: a gateway without counts; 400: filters it cannot count by (it counts by one label at most).
    if (e.status === 404 || e.status === 400) counts = {unavailable: e.status === 404
      ? 'This gateway does not serve GET /v1/operation-counts' : `No counts for these filters: ${e.message}`};
  }
  renderCounts();
}

function renderCounts() {
  const el = $('state-counts');
  if (!el.firstChild) {
    el.replaceChildren(...STATES.map((s) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'count';
      b.dataset.state = s;
      b.innerHTML = '<span class="name"></span><b></b>';
      b.querySelector('.name').textContent = s.toLowerCase();
      return b;
    }));
  }
  for (const box of el.children) {
    const s = box.dataset.state;
    const n = counts && counts.states ? counts.states[s] ?? 0 : null;
    box.querySelector('b').textContent = n === null ? '–' : String(n);
    box.setAttribute('aria-pressed', String(view.states.includes(s)));
    box.title = counts && counts.unavailable
      ? counts.unavailable
      : `${n ?? '?'} ${s.toLowerCase()} in the gateway${view.backend ? ` on ${view.backend}` : ''}`
        + `${labels.length ? ` with ${labels.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}; click to filter`;
  }
  for (const card of $('backends').children) {
    const n = counts && counts.backends ? counts.backends[card.dataset.name] ?? 0 : null;
    card.querySelector('.count-n').textContent = n === null ? '–' : String(n);
  }
}

$('state-counts').addEventListener('click', (e) => {
  const box = e.target.closest('.count');
  if (!box) return;
  const s = box.dataset.state;
  view.states = view.states.includes(s) ? view.states.filter((x) => x !== s) : [...view.states, s];
  writeFiltersToForm();
  restart();
});

// ---- backends: health, load and what each can do ----

let backendsFailed = false;

async function refreshBackends() {
  try {
    const list = await api('/v1/backends');
    backends.clear();
    for (const b of list) backends.set(b.name, b);
    backendsFailed = false;
  } catch (e) {
    backendsFailed = true;
    if (e.status === 401 && connection !== 'key') askForKey(hasKey() ? 'The gateway refused this key.' : '');
  }
  const select = $('filter-backend');
  const names = [...backends.keys()];
  if (names.length && [...select.options].slice(1).map((o) => o.value).join() !== names.join()) {
    select.replaceChildren(new Option('all', ''), ...names.map((n) => new Option(n, n)));
    if (view.backend && !names.includes(view.backend)) select.append(new Option(view.backend, view.backend));
    select.value = view.backend;
  }
  renderBackends();
  updateActions();
}

/** Health as last known; unknown (and greyed) when the gateway cannot be asked. */
function health(b) {
  if (backendsFailed || isStale()) return 'unknown';
  if (b.throttledUntil && Date.parse(b.throttledUntil) > Date.now()) return 'throttled';
  if (b.reachable === true) return 'reachable';
  if (b.reachable === false) return 'unreachable';
  return 'not yet polled';
}

function renderBackends() {
  const box = $('backends');
  box.replaceChildren(...[...backends.values()].map((b) => {
    const card = document.createElement('div');
    card.className = 'backend-card';
    card.dataset.name = b.name;
    const h = health(b);
    card.dataset.health = h;
    card.innerHTML = '<span class="name"></span><span class="load"></span><span class="meta"></span>';
    card.querySelector('.name').textContent = b.name;
    card.querySelector('.load').append(
      Object.assign(document.createElement('span'), {className: 'count-n', textContent: '–'}), ' tracked');
    const polls = b.inFlight !== undefined ? ` · ${b.inFlight}/${b.maxConcurrency} polls` : '';
    const throttled = h === 'throttled' ? ` until ${clock(b.throttledUntil)}` : '';
    card.querySelector('.meta').textContent = `${b.type} · ${h}${throttled}${polls}`;
    if (b.lastError && h !== 'unknown') {
      const err = Object.assign(document.createElement('span'), {className: 'error', textContent: b.lastError});
      err.title = b.lastError;
      card.append(err);
    }
    return card;
  }));
  renderCounts();
}

/** Whether the backend can cancel: its capabilities when the gateway says, else only ONTAP (what this gateway does). */
function canCancel(op) {
  const caps = backends.get(op.backend)?.capabilities;
  if (caps && typeof caps.cancel === 'boolean') return caps.cancel;
  return op.backendType === 'ontap';
}

// ---- detail panel and actions ----

let fullFetchedVersion = -1;
let fullTimer = 0;

function select(id, {focus = false} = {}) {
  if (view.selected && rows.has(view.selected)) rows.get(view.selected).el.removeAttribute('aria-current');
  view.selected = id;
  if (rows.has(id)) rows.get(id).el.setAttribute('aria-current', 'true');
  syncUrl();
  fullFetchedVersion = -1;
  clearTimeout(fullTimer);
  fullTimer = 0;
  $('detail-native').textContent = 'loading…';
  $('timeline').replaceChildren();
  const op = ops.get(id);
  if (op) showDetail(op, true);
  else loadFull(id); // shared link or search by id: not loaded (done long ago, or outside the filters)
  if (focus) $('detail').focus();
}

function showDetail(op, fetchNow) {
  const panel = $('detail');
  panel.hidden = false;
  document.body.classList.add('detail-open');
  panel.dataset.id = op.id;
  $('detail-title').textContent = `${op.backend} · ${op.handle}`;
  const failure = $('detail-failure');
  failure.hidden = !op.error;
  if (op.error) {
    failure.querySelector('.failure-message').textContent = failureText(op.error);
    failure.querySelector('.failure-code').textContent = op.error.code ? `code ${op.error.code}` : '';
  }
  const facts = [
    ['State', op.state], ['Progress', [progressText(op, percentOf(op)), etaText(op)].filter(Boolean).join(' · ')],
    ['Type', op.type || ''], ['Start', startOf(op) ? `${clock(startOf(op))} (${startOf(op)})` : ''],
    ['End', op.endedAt ? `${clock(op.endedAt)} (${op.endedAt})` : ''], ['Duration', duration(elapsed(op))],
    ['Labels', labelText(op.labels)], ['Id', op.id],
  ];
  $('detail-facts').replaceChildren(...facts.flatMap(([k, v]) => [
    Object.assign(document.createElement('dt'), {textContent: k}),
    Object.assign(document.createElement('dd'), {textContent: v || '—', className: k === 'State' ? 'state-fact' : ''}),
  ]));
  $('detail-facts').querySelector('.state-fact').dataset.state = op.state;
  $('detail-json').textContent = JSON.stringify(op, null, 2);
  updateActions();
  if (op.version !== fullFetchedVersion && !fullTimer) {
    // The raw payload and the history are not in events; fetch them at most once a second while the operation moves.
    fullTimer = setTimeout(() => {
      fullTimer = 0;
      loadFull(op.id);
    }, fetchNow ? 0 : 1000);
  }
}

/** Enables only what can work now, and says why the rest cannot. */
function updateActions() {
  const op = view.selected && ops.get(view.selected);
  if (!op) return;
  const cancel = $('detail-cancel');
  const forget = $('detail-forget');
  let note = '';
  if (isStale()) {
    note = 'Disconnected from the gateway: actions are disabled until it answers again.';
  } else if (!canCancel(op)) {
    note = `${op.backend} (${op.backendType}) cannot cancel its operations.`;
  } else if (op.done) {
    note = 'Done: nothing left to cancel.';
  }
  cancel.hidden = !canCancel(op);
  cancel.disabled = isStale() || op.done;
  forget.disabled = isStale();
  $('detail-action-note').textContent = note;
}

async function loadFull(id) {
  try {
    const full = await api(`/v1/operations/${encodeURIComponent(id)}?view=full`);
    if (id !== view.selected) return;
    fullFetchedVersion = full.version;
    $('detail-native').textContent = JSON.stringify(full.native, null, 2);
    drawTimeline($('timeline'), full.history);
    const {native, history, ...normalized} = full;
    if (!ops.has(id)) {
      // Not part of the table (outside the filters, or long done): shown in the panel only.
      showDetail(normalized, false);
      fullFetchedVersion = full.version;
    } else {
      upsert(normalized);
    }
  } catch (e) {
    if (id !== view.selected) return;
    if (e.status === 404) {
      toast('No such operation (it may have been forgotten).', 'error');
      closeDetail(false);
    } else {
      $('detail-native').textContent = e.sentence;
    }
  }
}

function closeDetail(restoreFocus = true) {
  const id = view.selected;
  if (id && rows.has(id)) rows.get(id).el.removeAttribute('aria-current');
  view.selected = null;
  clearTimeout(fullTimer);
  fullTimer = 0;
  $('detail').hidden = true;
  document.body.classList.remove('detail-open');
  syncUrl();
  if (restoreFocus && id && rows.has(id)) rows.get(id).el.focus();
}

const CONFIRM = {
  cancel: (op) => ({
    title: 'Cancel this operation?',
    text: `${op.backend} will be asked to cancel ${op.handle}. The work stops where it is; it cannot be resumed.`,
    ok: 'Cancel the operation',
  }),
  forget: (op) => ({
    title: 'Forget this operation?',
    text: `The gateway stops tracking ${op.handle} on ${op.backend} and deletes what it knows of it. The backend's`
      + ' job itself is not touched.',
    ok: 'Forget it',
  }),
};

function confirmAction(action, op) {
  const {title, text, ok} = CONFIRM[action](op);
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = ok;
  dialog.returnValue = '';
  dialog.showModal();
  $('confirm-keep').focus();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'),
    {once: true}));
}

async function act(action, id) {
  const op = ops.get(id);
  if (!op || isStale()) return;
  if (!(await confirmAction(action, op))) return;
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
    toast(e.status ? e.sentence : 'The gateway did not answer; nothing was done.', 'error');
  }
}

$('detail').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-action]');
  if (button && view.selected) act(button.dataset.action, view.selected);
});
$('detail-close').addEventListener('click', () => closeDetail());

/** Opens the operation the URL names (a shared link), once the page can read it. */
function reselect() {
  if (view.selected && connection !== 'key') select(view.selected);
}

// ---- keyboard and pointer on the table ----

$('rows').addEventListener('click', (e) => {
  const el = e.target.closest('.row');
  if (el) select(el.dataset.id);
});
$('rows').addEventListener('keydown', (e) => {
  const el = e.target.closest('.row');
  if (!el || e.target !== el) return;
  const next = (from, forward) => {
    let at = forward ? from.nextElementSibling : from.previousElementSibling;
    while (at && at.hidden) at = forward ? at.nextElementSibling : at.previousElementSibling;
    return at;
  };
  let to = null;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    select(el.dataset.id, {focus: true});
  } else if (e.key === 'ArrowDown') to = next(el, true);
  else if (e.key === 'ArrowUp') to = next(el, false);
  else if (e.key === 'Home') to = el.parentElement.firstElementChild;
  else if (e.key === 'End') to = el.parentElement.lastElementChild;
  if (to) {
    e.preventDefault();
    to.focus();
  }
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !$('confirm').open && !$('detail').hidden) {
    e.preventDefault();
    closeDetail();
  }
});

$('operations').querySelector('.head').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-sort]');
  if (!button) return;
  const key = button.dataset.sort;
  view.sort = {key, desc: view.sort.key === key ? !view.sort.desc : key !== 'backend' && key !== 'handle'
    && key !== 'type' && key !== 'state'};
  showSort();
  syncUrl();
  order();
});

function showSort() {
  for (const button of $('operations').querySelectorAll('button[data-sort]')) {
    const header = button.parentElement;
    if (button.dataset.sort === view.sort.key) header.setAttribute('aria-sort', view.sort.desc ? 'descending' : 'ascending');
    else header.removeAttribute('aria-sort');
  }
}

let toastTimer = 0;
function toast(text, kind) {
  const el = $('toast');
  el.textContent = text;
  el.dataset.kind = kind || 'info';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

// ---- filters and the URL ----

function filterMessage(text) {
  const el = $('filter-message');
  el.textContent = text || '';
  el.hidden = !text;
  $('filter-labels').setAttribute('aria-invalid', String(Boolean(text)));
}

function syncUrl() {
  const url = toUrl(view);
  if (url !== `${location.pathname}${location.search}` && url !== location.search) history.replaceState(null, '', url);
}

function writeFiltersToForm() {
  $('filter-backend').value = view.backend;
  if (view.backend && $('filter-backend').value !== view.backend) {
    $('filter-backend').append(new Option(view.backend, view.backend));
    $('filter-backend').value = view.backend;
  }
  for (const box of document.querySelectorAll('#filter-states input')) box.checked = view.states.includes(box.value);
  $('filter-labels').value = view.labels;
  $('filter-search').value = view.search;
  $('filter-done').checked = view.done;
}

function readFiltersFromForm() {
  view.backend = $('filter-backend').value;
  view.states = [...document.querySelectorAll('#filter-states input:checked')].map((b) => b.value);
  view.labels = $('filter-labels').value.trim();
  view.done = $('filter-done').checked;
}

function applySearch() {
  view.search = $('filter-search').value.trim();
  syncUrl();
  for (const [id, row] of rows) render(row, ops.get(id));
  summarize();
  // An id not among the loaded rows: open it directly.
  if (/^[A-Za-z0-9_-]{16,128}$/.test(view.search) && !ops.has(view.search)) select(view.search);
}

$('filter-states').append(...STATES.map((s) => {
  const label = document.createElement('label');
  const box = Object.assign(document.createElement('input'), {type: 'checkbox', value: s});
  label.append(box, ` ${s.toLowerCase()}`);
  return label;
}));
$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  readFiltersFromForm();
  restart();
});
for (const id of ['filter-backend', 'filter-states', 'filter-done']) {
  $(id).addEventListener('change', () => {
    readFiltersFromForm();
    restart();
  });
}
$('filter-labels').addEventListener('change', () => {
  readFiltersFromForm();
  restart();
});
let searchTimer = 0;
$('filter-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(applySearch, 150);
});

// ---- start ----

setInterval(() => {
  // "Updated … ago" and running durations move with the clock even when nothing happens.
  for (const [id, row] of rows) {
    const op = ops.get(id);
    if (op) tick(row, op);
  }
}, 1000);
setInterval(() => {
  if (connection === 'live') {
    refreshBackends();
    scheduleCounts();
  }
}, 5000);

writeFiltersToForm();
showSort();
renderCounts();
restart().then(reselect);
