// A probe's last rounds: a strip of ticks (green ok, red failed, grey unknown) and a latency
// sparkline (inline SVG). Hovering or focusing a tick shows its time, latency and reason; a line of
// counts says the same as the colours in words.

const KEEP = 60;
const SVG = 'http://www.w3.org/2000/svg';

// healthy → ok; unhealthy, timed_out → fail; unknown (run too late), unprobeable → unknown.
export function verdict(outcome) {
  if (outcome === 'healthy') return 'ok';
  if (outcome === 'unhealthy' || outcome === 'timed_out') return 'fail';
  return 'unknown';
}

// Adds rounds that are newer than the last kept one; keeps the last 60. Returns true if any was new.
export function append(list, results) {
  let added = false;
  for (const r of results) {
    const last = list[list.length - 1];
    if (last && Date.parse(r.at) <= Date.parse(last.at)) continue;
    list.push(r);
    added = true;
  }
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
  return added;
}

export function describe(r) {
  const t = new Date(r.at).toLocaleTimeString();
  const lat = r.latency_ms != null ? ` in ${r.latency_ms}ms` : '';
  return `${t} · ${verdict(r.outcome)} (${r.outcome})${lat}${r.reason ? ` · ${r.reason}` : ''}`;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

// Fills `box` (the element for one probe's history) from `results`, oldest first.
export function renderHistory(box, results) {
  const strip = el('div', 'strip');
  strip.setAttribute('role', 'list');
  strip.setAttribute('aria-label', `last ${results.length} rounds, oldest first`);
  const info = el('div', 'tick-info muted', results.length ? 'hover or focus a tick for its round' : 'no rounds yet');
  info.setAttribute('aria-live', 'polite');
  for (const r of results) {
    const tick = el('span', `tick ${verdict(r.outcome)}`);
    const text = describe(r);
    tick.tabIndex = 0;
    tick.setAttribute('role', 'listitem');
    tick.setAttribute('aria-label', text);
    tick.dataset.at = r.at;
    const show = () => {
      info.textContent = text;
      info.classList.remove('muted');
    };
    tick.addEventListener('mouseenter', show);
    tick.addEventListener('focus', show);
    strip.append(tick);
  }
  box.replaceChildren(strip, sparkline(results), el('div', 'tick-counts muted', counts(results)), info);
}

function counts(results) {
  const n = { ok: 0, fail: 0, unknown: 0 };
  for (const r of results) n[verdict(r.outcome)]++;
  const lat = results.filter((r) => r.latency_ms != null && verdict(r.outcome) === 'ok').map((r) => r.latency_ms)
    .sort((a, b) => a - b);
  const median = lat.length ? ` · latency median ${lat[Math.floor((lat.length - 1) / 2)]}ms, max ${lat[lat.length - 1]}ms` : '';
  return `${n.ok} ok, ${n.fail} failed, ${n.unknown} unknown${median}`;
}

// One point per round that has a latency, at the tick's position; failed rounds are marked as dots.
function sparkline(results) {
  const w = KEEP * 8;
  const h = 24;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  const withLatency = results.map((r, i) => ({ r, i })).filter((p) => p.r.latency_ms != null);
  const max = Math.max(1, ...withLatency.map((p) => p.r.latency_ms));
  svg.setAttribute('aria-label', withLatency.length ? `latency of the last rounds, up to ${max}ms` : 'no latency measured');
  const x = (i) => i * 8 + 3;
  const y = (ms) => h - 2 - (ms / max) * (h - 4);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', withLatency.map((p) => `${x(p.i)},${y(p.r.latency_ms).toFixed(1)}`).join(' '));
  line.setAttribute('class', 'spark-line');
  svg.append(line);
  for (const p of withLatency) {
    if (verdict(p.r.outcome) !== 'fail') continue;
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', x(p.i));
    dot.setAttribute('cy', y(p.r.latency_ms).toFixed(1));
    dot.setAttribute('r', 2.5);
    dot.setAttribute('class', 'spark-fail');
    svg.append(dot);
  }
  return svg;
}
