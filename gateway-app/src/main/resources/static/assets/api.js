// HTTP to the gateway: the API key when the gateway wants one, problem details turned into sentences, and stream
// tokens for the EventSource (which cannot send headers).
const KEY = 'opgate.apiKey';

let apiKey = sessionStorage.getItem(KEY);

export class ApiError extends Error {
  /** status 0: no answer at all (the gateway is down or unreachable). */
  constructor(status, detail, title) {
    super(detail || title || (status ? `HTTP ${status}` : 'the gateway did not answer'));
    this.status = status;
    this.detail = detail;
  }

  /** The gateway's sentence first, the status after it. */
  get sentence() {
    return this.status ? `${this.message} (HTTP ${this.status})` : `${this.message}`;
  }
}

export const hasKey = () => Boolean(apiKey);

export function useKey(key) {
  apiKey = key;
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

export async function api(path, options = {}) {
  const headers = {Accept: 'application/json', ...(options.headers || {})};
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let res;
  try {
    res = await fetch(path, {...options, headers});
  } catch (e) {
    throw new ApiError(0, null, 'the gateway did not answer');
  }
  if (!res.ok) {
    let problem = {};
    try { problem = await res.json(); } catch (e) { /* not problem+json */ }
    throw new ApiError(res.status, problem.detail, problem.title || res.statusText);
  }
  return res.status === 204 || res.status === 202 ? null : res.json();
}

/**
 * A token for one stream. Tokens are short-lived and bound to the stream they were asked for (path and filters), so
 * the page asks for a fresh one before every connection, reconnections included.
 */
export async function streamToken(path, query) {
  const body = JSON.stringify({path, query: query.toString()});
  const answer = await api('/v1/stream-tokens', {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
  return answer.token;
}
