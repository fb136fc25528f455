// Pure formatting: the same glyphs, words and reason text as `vigil list`.

export const GLYPHS = {
  running: '●', degraded: '◐', failed: '✕', stopped: '○', starting: '◌', backoff: '◌', stopping: '◌', waiting: '◌',
};

// Failing services first, then those on their way, then the healthy and the stopped.
const RANK = { failed: 0, degraded: 1, backoff: 2, starting: 3, stopping: 4, waiting: 4, running: 5, stopped: 6 };

export function rank(state) {
  return RANK[state] ?? 3;
}

export function pill(state) {
  return `${GLYPHS[state] ?? '?'} ${state}`;
}

// 950ms, 12s, 4m05s, 2h05m, 3d04h (as the CLI writes durations).
export function duration(ms) {
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.floor(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d${pad(h % 24)}h`;
}

function pad(v) {
  return v < 10 ? `0${v}` : `${v}`;
}

const RECENT_RESTART_MS = 5 * 60 * 1000;

function restartedAgo(s, now) {
  const last = s.last_restart;
  if (!last || !last.at) return null;
  const age = now - Date.parse(last.at);
  return age > RECENT_RESTART_MS ? null : `restarted ${duration(Math.max(0, age))} ago: ${last.reason}`;
}

// The one-line reason: failing probes (or the state's reason), a recent restart, the next retry, STATUS=.
export function reason(s, now) {
  const parts = [];
  if (s.state === 'running') {
    const r = restartedAgo(s, now);
    if (r) parts.push(r);
  } else {
    for (const p of s.failing_probes ?? []) parts.push(`${p.probe}: ${p.reason}, ${p.consecutive}/${p.threshold}`);
    if (parts.length === 0 && s.reason) parts.push(s.reason);
    if (s.state === 'starting' || s.state === 'degraded') {
      const r = restartedAgo(s, now);
      if (r) parts.push(r);
    }
    if (s.next_retry) {
      const ms = Date.parse(s.next_retry) - now;
      parts.push(`retry ${ms >= 0 ? `in ${duration(ms)}` : `${duration(-ms)} ago`}`);
    }
  }
  if (s.status_text && s.status_text.trim()) parts.push(`status: ${s.status_text}`);
  return parts.join('; ');
}

// A service's uptime now, from the document and when it was received.
export function uptime(s, receivedAt, now) {
  return s.uptime_ms == null ? '' : duration(s.uptime_ms + (now - receivedAt));
}

export function matches(s, name, state) {
  if (name && !s.name.toLowerCase().includes(name.toLowerCase())) return false;
  if (state === 'problem') return s.state !== 'running';
  return !state || s.state === state;
}

export function byUrgency(a, b) {
  return rank(a.state) - rank(b.state) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

// What the policy will do next, as the daemon says it; a timed action counts down here (the stream
// does not resend a summary only because its countdown moved).
export function nextAction(s, now) {
  if (!s.next_action) return '';
  if (!s.next_action_at) return s.next_action;
  const what = s.next_action.replace(/ in [0-9a-z]+$/, '');
  const ms = Date.parse(s.next_action_at) - now;
  return ms >= 0 ? `${what} in ${duration(ms)}` : `${what} (due ${duration(-ms)} ago)`;
}

// "2 · 5": restarts in the last hour and the last day.
export function recentRestarts(s) {
  return `${s.restarts_last_hour ?? 0} · ${s.restarts_last_day ?? 0}`;
}
