// The panel's events, newest first: restarts, exits, probe failures and watchdog events in bold;
// each probe or watchdog restart with the evidence recorded just before it (process state, wchan,
// thread dump) and a button that shows the log lines around it.

const KEY = /restart|exited|watchdog|probe_failed|killed/;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function fieldsText(e) {
  return Object.entries(e.fields ?? {}).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
}

// The evidence of a restart: recorded for its process (any, for a whole-service restart) on the
// process's lane right after the decision, so the first one within a few seconds after it.
function evidenceOf(restart, events) {
  const t = Date.parse(restart.ts);
  return events.find((e) => e.type === 'evidence_collected'
    && (restart.process == null || e.process === restart.process)
    && Date.parse(e.ts) - t >= -1000 && Date.parse(e.ts) - t <= 10_000);
}

function evidenceText(ev) {
  const f = ev.fields ?? {};
  const parts = [`pid ${f.pid}`];
  if (f.proc_state) parts.push(`state ${f.proc_state}`);
  if (f.wchan) parts.push(`wchan ${f.wchan}`);
  if (f.probe) parts.push(`probe ${f.probe}${f.latency_ms != null ? ` (${f.latency_ms}ms)` : ''}`);
  if (f.thread_dump) parts.push(`thread dump ${f.thread_dump}`);
  if (f.evidence_error) parts.push(`evidence error: ${f.evidence_error}`);
  return `evidence before the restart: ${parts.join(', ')}`;
}

// Fills `list` from `events` (oldest first, as the API returns them); `jump(ts)` shows the log around ts.
export function renderTimeline(list, events, jump) {
  const newestFirst = [...events].reverse();
  list.replaceChildren(...newestFirst.map((e) => {
    const li = el('li', `sev-${e.severity}${KEY.test(e.type) ? ' key' : ''}`);
    li.dataset.type = e.type;
    li.append(el('time', null, new Date(e.ts).toLocaleTimeString()), el('span', 'etype', e.type),
      el('span', 'fields', `${e.process ? `[${e.process}] ` : ''}${fieldsText(e)}${e.count > 1 ? ` (×${e.count})` : ''}`));
    if (e.type === 'restart_triggered' || e.type === 'restart_scheduled' || e.type === 'process_exited') {
      const ev = e.type === 'restart_triggered' ? evidenceOf(e, events) : null;
      if (ev) li.append(el('div', 'evidence', evidenceText(ev)));
      const button = el('button', 'link-button jump', 'log around this');
      button.type = 'button';
      button.setAttribute('aria-label', `show the log lines around ${e.type} at ${new Date(e.ts).toLocaleTimeString()}`);
      button.addEventListener('click', () => jump(e.ts));
      li.append(button);
    }
    return li;
  }));
  if (events.length === 0) list.append(el('li', 'muted', 'no events recorded'));
}
