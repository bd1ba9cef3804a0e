// Text for times, durations, progress and labels: what the table, the detail panel and the timeline show.

export const STATES = ['UNKNOWN', 'QUEUED', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST'];
export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST']);

export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

export function ago(timestamp, now = Date.now()) {
  if (!timestamp) return '';
  const s = Math.max(0, Math.round((now - Date.parse(timestamp)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

const pad = (n) => String(n).padStart(2, '0');

/** A local wall-clock time: "14:03:21" today, "Dec 1 14:03" otherwise. */
export function clock(timestamp, now = new Date()) {
  if (!timestamp) return '';
  const d = new Date(timestamp);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === now.toDateString()) return time;
  return `${d.toLocaleString('en', {month: 'short'})} ${d.getDate()} ${time.slice(0, 5)}`;
}

/** When the work began: the backend's start, else its submission. */
export function startOf(op) {
  return op.startedAt || op.submittedAt || null;
}

/** Seconds from start to end, or to now while it runs; null when the start is unknown. */
export function elapsed(op, now = Date.now()) {
  const start = startOf(op);
  if (!start) return null;
  const end = op.endedAt ? Date.parse(op.endedAt) : op.done ? Date.parse(op.updatedAt) : now;
  return Math.max(0, (end - Date.parse(start)) / 1000);
}

export function percentOf(op) {
  if (op.state === 'SUCCEEDED') return 100;
  const p = op.progress || {};
  if (p.percent !== null && p.percent !== undefined) return p.percent;
  if (p.completed !== null && p.completed !== undefined && p.total) return Math.min(100, (100 * p.completed) / p.total);
  return null;
}

export function percentText(pct) {
  return pct === null ? '' : `${Math.floor(pct)}%`;
}

/** What the progress says besides its percent: counters and message; for a failure the backend's own sentence. */
export function progressNote(op) {
  if (op.error) return failureText(op.error);
  const p = op.progress || {};
  const parts = [];
  if (p.completed !== null && p.completed !== undefined && p.total !== null && p.total !== undefined) {
    parts.push(`${p.completed}/${p.total}`);
  }
  if (p.message && !op.done) parts.push(p.message);
  return parts.join(' · ');
}

/** Percent, counters and message (or the failure), in one line. */
export function progressText(op, pct) {
  return [op.error ? '' : percentText(pct), progressNote(op)].filter(Boolean).join(' · ');
}

export function etaText(op) {
  const eta = op.progress && op.progress.etaSeconds;
  return eta !== null && eta !== undefined && !op.done ? `ETA ${duration(eta)}` : '';
}

/** The backend's sentence first; its code only when there is no sentence. */
export function failureText(error) {
  return (error && (error.message || error.code)) || '';
}

export function labelText(labels) {
  return Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(' ');
}
