// The page's filters: read from and written to the URL (so a view can be shared), parsed from what the user typed,
// and turned into the API's query parameters.
import {STATES} from './format.js';

const LABEL = /^([^=:\s]+)\s*[=:]\s*(\S.*)$/;

/**
 * Parses the Labels field. Accepts `key=value` (the form the Labels column shows) and `key:value` (the API's form),
 * separated by spaces or commas. Answers {labels: [[key, value], ...]} or {error: sentence}.
 */
export function parseLabels(text) {
  const labels = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const m = LABEL.exec(token);
    if (!m) {
      return {error: `“${token}” is not a label filter: write key=value (as the Labels column shows), e.g. vendor=ontap`};
    }
    labels.push([m[1], m[2]]);
  }
  return {labels};
}

export const DEFAULT_SORT = {key: 'start', desc: true};

/** The view as the URL holds it. */
export function fromUrl(search) {
  const q = new URLSearchParams(search);
  const states = q.getAll('state').map((s) => s.toUpperCase()).filter((s) => STATES.includes(s));
  const labels = q.getAll('label').map((l) => l.replace(':', '=')).join(' ');
  const sort = q.get('sort');
  return {
    backend: q.get('backend') || '',
    states,
    labels,
    search: q.get('q') || '',
    done: q.get('done') !== '0',
    sort: sort ? {key: sort.replace(/^-/, ''), desc: sort.startsWith('-')} : DEFAULT_SORT,
    selected: q.get('op') || null,
  };
}

export function toUrl(view) {
  const q = new URLSearchParams();
  if (view.backend) q.set('backend', view.backend);
  for (const s of view.states) q.append('state', s);
  const parsed = parseLabels(view.labels);
  for (const [k, v] of parsed.labels || []) q.append('label', `${k}:${v}`);
  if (view.search) q.set('q', view.search);
  if (!view.done) q.set('done', '0');
  if (view.sort.key !== DEFAULT_SORT.key || view.sort.desc !== DEFAULT_SORT.desc) {
    q.set('sort', `${view.sort.desc ? '-' : ''}${view.sort.key}`);
  }
  if (view.selected) q.set('op', view.selected);
  const text = q.toString();
  return text ? `?${text}` : location.pathname;
}

/** The API's query parameters for the list and the stream (state included) or the counts (without). */
export function apiQuery(view, labels, {withStates = true} = {}) {
  const q = new URLSearchParams();
  if (view.backend) q.set('backend', view.backend);
  if (withStates) for (const s of view.states) q.append('state', s);
  for (const [k, v] of labels) q.append('label', `${k}:${v}`);
  return q;
}

/** Whether an operation belongs on screen under these filters (the server filters too; this drops stragglers). */
export function matches(op, view, labels) {
  if (view.backend && op.backend !== view.backend) return false;
  if (view.states.length && !view.states.includes(op.state)) return false;
  for (const [k, v] of labels) if ((op.labels || {})[k] !== v) return false;
  return true;
}

/** Search by id, handle, backend, type or label (key, value or key=value), case-insensitive. */
export function searchMatches(op, text) {
  if (!text) return true;
  const needle = text.toLowerCase();
  if (op.id.toLowerCase().includes(needle) || op.handle.toLowerCase().includes(needle)) return true;
  if (op.backend.toLowerCase().includes(needle) || (op.type || '').toLowerCase().includes(needle)) return true;
  return Object.entries(op.labels || {}).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(needle)
    || `${k}:${v}`.toLowerCase().includes(needle));
}
