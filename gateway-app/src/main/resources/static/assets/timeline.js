// An operation's history (`?view=full`), drawn as a timeline: one entry per transition, oldest first.
import {clock, duration, failureText} from './format.js';

export function drawTimeline(list, history) {
  if (!Array.isArray(history)) {
    list.replaceChildren(item('empty', 'This gateway keeps no history for the operation.'));
    return;
  }
  if (!history.length) {
    list.replaceChildren(item('empty', 'No transitions recorded yet.'));
    return;
  }
  const first = Date.parse(history[0].at);
  list.replaceChildren(...history.map((entry) => {
    const li = document.createElement('li');
    li.dataset.state = entry.state;
    const time = document.createElement('time');
    time.dateTime = entry.at;
    time.textContent = clock(entry.at);
    time.title = entry.at;
    const offset = Object.assign(document.createElement('span'), {className: 'offset'});
    const since = (Date.parse(entry.at) - first) / 1000;
    offset.textContent = since > 0 ? `+${duration(since)}` : '';
    const state = Object.assign(document.createElement('span'), {className: 'state', textContent: entry.state});
    const what = Object.assign(document.createElement('span'), {className: 'what', textContent: describe(entry)});
    li.append(time, offset, state, what);
    return li;
  }));
}

function describe(entry) {
  if (entry.error) {
    const code = entry.error.code && entry.error.message ? ` (${entry.error.code})` : '';
    return `${failureText(entry.error)}${code}`;
  }
  const p = entry.progress;
  if (!p) return '';
  const parts = [];
  if (p.percent !== null && p.percent !== undefined) parts.push(`${Math.floor(p.percent)}%`);
  if (p.completed !== null && p.completed !== undefined && p.total !== null && p.total !== undefined) {
    parts.push(`${p.completed}/${p.total}`);
  }
  if (p.message) parts.push(p.message);
  return parts.join(' · ');
}

function item(className, text) {
  return Object.assign(document.createElement('li'), {className, textContent: text});
}
