// The dashboard: one snapshot and then deltas from /api/v1/stream; the service panel reads the
// same API documents as the CLI. Rows are created once and updated in place (textContent only).
import { pill, reason, uptime, matches, byUrgency, duration, nextAction, recentRestarts } from './view.js';
import { append, renderHistory } from './probes.js';
import { renderTimeline } from './timeline.js';
import * as logView from './log.js';

const $ = (sel) => document.querySelector(sel);
const tbody = $('#services tbody');
const rows = new Map(); // name -> { doc, at, tr, cells }
const pending = new Set();
let reorder = false;
let scheduled = false;
let daemon = null;
let current = null; // the service shown in the panel
const probeRecent = new Map(); // probe name -> its last rounds (the document's, then the stream's), for the panel

// ---- the list ----

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function makeRow(name) {
  const tr = el('tr');
  tr.dataset.name = name;
  const state = el('td', 'pill');
  const nameCell = el('td', 'name');
  const open = el('button', 'link-button', name);
  open.type = 'button';
  open.addEventListener('click', () => { location.hash = `#service=${encodeURIComponent(name)}`; });
  nameCell.append(open);
  const pids = el('td', 'c-pids num');
  const up = el('td', 'c-up num');
  const restarts = el('td', 'c-rs num');
  const recent = el('td', 'c-recent num');
  const why = el('td', 'reason');
  const next = el('td', 'c-next');
  tr.append(state, nameCell, pids, up, restarts, recent, why, next);
  return { tr, cells: { state, pids, up, restarts, recent, why, next } };
}

function set(cell, text) {
  if (cell.textContent !== text) cell.textContent = text;
}

function fill(row, now) {
  const s = row.doc;
  set(row.cells.state, pill(s.state));
  row.tr.dataset.state = s.state;
  set(row.cells.pids, (s.pids ?? []).join(' '));
  set(row.cells.up, uptime(s, row.at, now));
  set(row.cells.restarts, String(s.restarts ?? 0));
  set(row.cells.recent, recentRestarts(s));
  set(row.cells.why, reason(s, now));
  set(row.cells.next, nextAction(s, now));
  row.tr.hidden = !matches(s, $('#filter-name').value, $('#filter-state').value);
}

function upsert(doc) {
  let row = rows.get(doc.name);
  if (!row) {
    row = makeRow(doc.name);
    rows.set(doc.name, row);
    reorder = true;
  } else if (row.doc.state !== doc.state) {
    reorder = true;
  }
  row.doc = doc;
  row.at = Date.now();
  pending.add(row);
  schedule();
  if (doc.name === current) refreshDetail();
}

function remove(name) {
  const row = rows.get(name);
  if (row) {
    row.tr.remove();
    rows.delete(name);
    pending.delete(row);
    schedule();
  }
}

function schedule() {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flush);
  }
}

function flush() {
  scheduled = false;
  const now = Date.now();
  for (const row of pending) fill(row, now);
  pending.clear();
  if (reorder) {
    reorder = false;
    const sorted = [...rows.values()].sort((a, b) => byUrgency(a.doc, b.doc));
    const frag = document.createDocumentFragment();
    for (const row of sorted) frag.append(row.tr);
    tbody.append(frag);
  }
  updateCount();
  document.body.dataset.rendered = String(rows.size);
  // For the browser tests and the benchmark: when the first full list was on screen.
  if (rows.size > 0 && window.vigilFirstRender == null) window.vigilFirstRender = performance.now();
}

function updateCount() {
  let bad = 0;
  for (const row of rows.values()) if (row.doc.state !== 'running') bad++;
  set($('#count'), `(${rows.size}${bad ? `, ${bad} not running` : ''})`);
}

function refilter() {
  const now = Date.now();
  for (const row of rows.values()) fill(row, now);
}

// Every second: uptimes and "restarted 12s ago" / "retry in 4s" move on.
setInterval(() => {
  const now = Date.now();
  for (const row of rows.values()) {
    if (row.tr.hidden) continue;
    set(row.cells.up, uptime(row.doc, row.at, now));
    if (row.doc.last_restart || row.doc.next_retry) set(row.cells.why, reason(row.doc, now));
    if (row.doc.next_action_at) set(row.cells.next, nextAction(row.doc, now));
  }
  showDaemon(now);
  if (detailDoc?.next_action_at) showNext(now);
}, 1000);

function showDaemon(now) {
  if (!daemon) return;
  const up = daemon.started_at ? ` · up ${duration(now - Date.parse(daemon.started_at))}` : '';
  set($('#daemon'), `v${daemon.version} · pid ${daemon.pid}${up}`);
  const facts = [];
  if (daemon.config_path) facts.push(`config ${daemon.config_path}`);
  if (daemon.restart_budget_remaining != null) facts.push(`restart budget: ${daemon.restart_budget_remaining} left`);
  if (daemon.rss_mib != null) facts.push(`RSS ${daemon.rss_mib.toFixed(1)} MiB`);
  if (daemon.cpu_percent != null) facts.push(`CPU ${daemon.cpu_percent.toFixed(1)}%`);
  set($('#daemon-facts'), facts.join(' · '));
}

// ---- the stream ----

let source = null;

function linkState(live) {
  const link = $('#link');
  set(link, live ? 'live' : 'disconnected, reconnecting…');
  link.classList.toggle('down', !live);
  document.body.classList.toggle('offline', !live);
}

function connect() {
  source = new EventSource('/api/v1/stream');
  source.onopen = () => linkState(true);
  source.onerror = () => {
    linkState(false);
    // The browser retries by itself after a dropped connection; after a refused answer it gives up.
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
  };
  source.addEventListener('snapshot', (e) => {
    const body = JSON.parse(e.data);
    daemon = body.daemon;
    showDaemon(Date.now());
    const names = new Set(body.services.map((s) => s.name));
    for (const name of [...rows.keys()]) if (!names.has(name)) remove(name);
    for (const s of body.services) upsert(s);
    linkState(true);
  });
  source.addEventListener('service', (e) => upsert(JSON.parse(e.data)));
  source.addEventListener('daemon', (e) => {
    if (daemon) Object.assign(daemon, JSON.parse(e.data));
    showDaemon(Date.now());
  });
  source.addEventListener('removed', (e) => remove(JSON.parse(e.data).name));
  source.addEventListener('probes', (e) => {
    if (!current) return;
    const byProbe = new Map();
    for (const r of JSON.parse(e.data).rounds) {
      if (r.service !== current) continue;
      if (!byProbe.has(r.probe)) byProbe.set(r.probe, []);
      byProbe.get(r.probe).push(r.result);
    }
    for (const [probe, results] of byProbe) {
      const list = probeRecent.get(probe);
      const box = document.querySelector(`#probes .history[data-probe="${CSS.escape(probe)}"]`);
      if (list && box && append(list, results)) renderHistory(box, list);
    }
  });
  source.addEventListener('event', (e) => {
    const event = JSON.parse(e.data);
    if (event.service && event.service === current) refreshDetail();
  });
}

// ---- the service panel ----

function routeFromHash() {
  const m = /^#service=(.+)$/.exec(location.hash);
  const name = m ? decodeURIComponent(m[1]) : null;
  if (name === current) return;
  current = name;
  probeRecent.clear();
  logView.reset();
  detailDoc = null;
  set($('#detail-next'), '');
  set($('#action-result'), '');
  $('#detail').hidden = !name;
  if (name) {
    set($('#detail-title'), name);
    refreshDetail();
    $('#detail').focus();
  }
}

let loading = false;
let again = false;
let detailDoc = null; // the panel's service document, for its countdown

function showNext(now) {
  if (!detailDoc) return;
  set($('#detail-next'), `next: ${nextAction(detailDoc, now)} · restarts: ${detailDoc.restarts} since start or reset, `
    + `${detailDoc.restarts_last_hour ?? 0} in the last hour, ${detailDoc.restarts_last_day ?? 0} in the last day`);
}

async function refreshDetail() {
  if (loading) { again = true; return; }
  loading = true;
  const name = current;
  try {
    const enc = encodeURIComponent(name);
    const [status, events, logs] = await Promise.all([
      getJson(`/api/v1/services/${enc}`),
      getJson(`/api/v1/events?service=${enc}&limit=100`),
      getJson(`/api/v1/services/${enc}/logs?limit=200`),
    ]);
    if (name === current) showDetail(status, events.events, logs.lines);
  } catch (e) {
    if (name === current) set($('#detail-reason'), `cannot load ${name}: ${e.message}`);
  } finally {
    loading = false;
    if (again) { again = false; setTimeout(refreshDetail, 300); }
  }
}

async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error?.message ?? `HTTP ${r.status}`);
  return body;
}

function showDetail(s, events, lines) {
  const now = Date.now();
  const stateEl = $('#detail-state');
  set(stateEl, pill(s.state));
  stateEl.className = 'pill';
  stateEl.dataset.state = s.state;
  set($('#detail-reason'), reason(s, now) || s.reason || '');
  detailDoc = s;
  showNext(now);

  const procs = $('#processes tbody');
  procs.replaceChildren(...s.processes.map((p) => {
    const tr = el('tr');
    tr.append(el('td', null, p.name), el('td', 'num pid', p.pid ?? '—'), el('td', 'num', p.pgid ?? '—'),
      el('td', 'num', p.uptime_ms == null ? '' : duration(p.uptime_ms)),
      el('td', null, p.last_exit ? `${p.last_exit.description} at ${time(p.last_exit.at)}` : ''));
    return tr;
  }));

  const channels = s.processes.filter((p) => p.notify_channel);
  $('#notify').replaceChildren(...channels.map((p) => el('p', 'notify-line', notifyText(p, now))));
  $('#notify-title').hidden = channels.length === 0;

  $('#probes').replaceChildren(...s.probes.map((p) => probeView(p, now)));
  if (s.probes.length === 0) $('#probes').append(el('p', 'muted', 'no probes'));

  const name = s.name;
  renderTimeline($('#timeline'), events, (ts) => logView.showAround(ts, async () =>
    (await getJson(`/api/v1/services/${encodeURIComponent(name)}/logs?limit=2000`)).lines));
  logView.showTail(lines);
}

// "web: READY at 10:02:01 · STATUS=serving · last WATCHDOG=1 1.2s ago (interval 4s)".
function notifyText(p, now) {
  const n = p.notify_channel;
  const parts = [n.ready ? `READY${n.ready_at ? ` at ${time(n.ready_at)}` : ''}` : 'no READY yet'];
  parts.push(n.status ? `STATUS=${n.status}` : 'no STATUS=');
  if (n.watchdog_interval_ms > 0) {
    const age = n.last_watchdog_age_ms;
    parts.push(age == null ? `no WATCHDOG=1 yet (interval ${duration(n.watchdog_interval_ms)})`
      : `last WATCHDOG=1 ${duration(age)} ago (interval ${duration(n.watchdog_interval_ms)})${age > n.watchdog_interval_ms ? ' LATE' : ''}`);
  }
  if (n.watchdog_missed) parts.push(`missed: ${n.watchdog_missed}`);
  return `${p.name}: ${parts.join(' · ')}`;
}

function probeView(p, now) {
  const box = el('div', 'probe');
  box.dataset.probe = p.name;
  // The document's rounds, plus any the stream brought that it did not have yet.
  const recent = [...(p.recent ?? [])];
  append(recent, (probeRecent.get(p.name) ?? []).filter((r) => recent.length === 0
    || Date.parse(r.at) > Date.parse(recent[recent.length - 1].at)));
  probeRecent.set(p.name, recent);
  box.append(el('div', 'probe-head', `${p.name} · ${p.role} · ${p.kind} ${p.target}${p.process ? ` (process ${p.process})` : ''}`));
  const last = p.last
    ? `last: ${p.last.outcome}${p.last.latency_ms != null ? ` in ${p.last.latency_ms}ms` : ''} at ${time(p.last.at)}${p.last.reason ? ` — ${p.last.reason}` : ''}`
    : 'not run yet';
  const next = p.next_run ? ` · next in ${duration(Date.parse(p.next_run) - now)}` : '';
  box.append(el('div', p.failing ? 'probe-last failing' : 'probe-last',
    `${p.failing ? 'FAILING · ' : ''}${last} · ${p.consecutive_failures}/${p.failure_threshold} failures, ${p.consecutive_successes} successes${next}`));
  const history = el('div', 'history');
  history.dataset.probe = p.name;
  renderHistory(history, recent);
  box.append(history);
  return box;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

// ---- actions and the token ----

function token() {
  return sessionStorage.getItem('vigil.token') ?? '';
}

function showMode(refused) {
  const mode = $('#mode');
  const readOnly = refused || !token();
  set(mode, readOnly
    ? (refused ? 'read-only: the token was refused' : 'read-only: enter the token (vigil token) to act')
    : 'actions enabled');
  mode.classList.toggle('readonly', readOnly);
}

async function act(action) {
  const name = current;
  if ((action === 'stop' || action === 'restart') && !confirm(`${action} ${name}?`)) return;
  set($('#action-result'), `${action} ${name}…`);
  const headers = {};
  if (token()) headers.Authorization = `Bearer ${token()}`;
  try {
    const r = await fetch(`/api/v1/services/${encodeURIComponent(name)}/${action}`, { method: 'POST', headers });
    const body = await r.json();
    if (r.status === 401) {
      showMode(true);
      set($('#action-result'), `refused (read-only): ${body.error?.message ?? 'no token'}`);
      return;
    }
    if (!r.ok) {
      set($('#action-result'), `${action} failed: ${body.error?.message ?? `HTTP ${r.status}`}`);
      return;
    }
    showMode(false);
    if (action === 'probe') {
      set($('#action-result'), probeNowText(body));
    } else {
      const result = body.results?.[0];
      set($('#action-result'), result ? `${result.ok ? '' : 'not done: '}${result.message}` : 'done');
    }
  } catch (e) {
    set($('#action-result'), `${action} failed: ${e.message}`);
  }
  refreshDetail();
}

// "probe now: health healthy in 3ms; port unhealthy in 1ms (connect refused)".
function probeNowText(body) {
  const parts = (body.rounds ?? []).map((r) => `${r.probe} ${r.result.outcome}`
    + `${r.result.latency_ms != null ? ` in ${r.result.latency_ms}ms` : ''}${r.result.reason ? ` (${r.result.reason})` : ''}`);
  for (const p of body.not_running ?? []) parts.push(`${p} not running`);
  for (const p of body.no_answer ?? []) parts.push(`${p} no answer yet`);
  return `probe now: ${parts.length ? parts.join('; ') : 'no probes'}`;
}

// ---- wiring ----

$('#filter-name').addEventListener('input', refilter);
$('#filter-state').addEventListener('change', refilter);
for (const b of document.querySelectorAll('[data-action]')) b.addEventListener('click', () => act(b.dataset.action));
$('#detail-close').addEventListener('click', () => { location.hash = ''; });
$('#log-pretty').addEventListener('change', () => logView.rerender());
$('#log-all').addEventListener('click', () => logView.showAll());
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && current) location.hash = ''; });
window.addEventListener('hashchange', routeFromHash);
$('#token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = $('#token').value.trim();
  if (value) sessionStorage.setItem('vigil.token', value);
  $('#token').value = '';
  showMode(false);
});
$('#token-clear').addEventListener('click', () => { sessionStorage.removeItem('vigil.token'); showMode(false); });

showMode(false);
linkState(false);
set($('#link'), 'connecting');
connect();
routeFromHash();
