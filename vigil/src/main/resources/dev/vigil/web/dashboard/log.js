// The panel's log tail: stdout and stderr told apart by a word as well as a colour, JSON lines
// pretty-printed on demand, and "the lines around a restart" (a time window) instead of the tail.

const AROUND_MS = 30_000;
let tail = [];
let around = null; // { at, lines } while the view shows the lines around a moment

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function pretty(text) {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return text;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return text;
  }
}

function lineView(l, prettyJson, mark) {
  const span = el('span', `line ${l.stream}${mark ? ' mark' : ''}`);
  span.dataset.at = l.at;
  const text = prettyJson ? pretty(l.text) : l.text;
  span.append(el('span', 'when', new Date(l.at).toLocaleTimeString()), ' ', el('span', 'who', l.process), ' ',
    el('span', 'stream-tag', l.stream === 'stderr' ? 'ERR' : 'out'), ' ', el('span', 'text', text));
  return span;
}

function render() {
  const log = document.querySelector('#log');
  const prettyJson = document.querySelector('#log-pretty').checked;
  const status = document.querySelector('#log-status');
  const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  if (around) {
    const t = Date.parse(around.at);
    const lines = around.lines.filter((l) => Math.abs(Date.parse(l.at) - t) <= AROUND_MS);
    let marked = false;
    log.replaceChildren(...lines.map((l) => {
      const mark = !marked && Date.parse(l.at) >= t;
      if (mark) marked = true;
      return lineView(l, prettyJson, mark);
    }));
    status.textContent = lines.length
      ? `${lines.length} lines within 30s of ${new Date(around.at).toLocaleTimeString()}`
      : `no lines within 30s of ${new Date(around.at).toLocaleTimeString()} among the last ${around.lines.length} (vigil logs has the files)`;
    document.querySelector('#log-all').hidden = false;
    (log.querySelector('.mark') ?? log.lastElementChild)?.scrollIntoView({ block: 'center' });
    return;
  }
  log.replaceChildren(...tail.map((l) => lineView(l, prettyJson, false)));
  status.textContent = `last ${tail.length} lines`;
  document.querySelector('#log-all').hidden = true;
  if (atEnd) log.scrollTop = log.scrollHeight;
}

// The tail the panel loaded; shown unless the view is on the lines around a moment.
export function showTail(lines) {
  tail = lines;
  if (!around) render();
}

// Shows the lines within 30 s of `at` from a longer page of the log (fetched by `load`).
export async function showAround(at, load) {
  around = { at, lines: [] };
  document.querySelector('#log-status').textContent = 'loading…';
  around.lines = await load();
  render();
  document.querySelector('#log').focus();
}

export function showAll() {
  around = null;
  render();
}

export function reset() {
  around = null;
  tail = [];
}

export function rerender() {
  render();
}
