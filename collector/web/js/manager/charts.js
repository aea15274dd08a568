// Horizontal bar charts in SVG, drawn by the page (no libraries): a bar per row, an
// optional whisker (a 95% interval), dashed reference lines (zone limits), group
// headings. Drawn for the width of its box, so that text stays 13 px on a phone as on
// a wide screen, and drawn again when that width changes.
import { h } from '../dom.js';

const NS = 'http://www.w3.org/2000/svg';
const BAR = 14;
let ids = 0;

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// A label cut to fit, with the whole text as its tooltip.
function label(text, maxChars, attrs) {
  const cut = text.length > maxChars ? `${text.slice(0, Math.max(1, maxChars - 1))}…` : text;
  return s('text', attrs, cut, cut !== text && s('title', {}, text));
}

function draw(spec, width) {
  const id = `chart-${++ids}`;
  const narrow = width < 520;  // labels above the bars instead of beside them
  const labelW = narrow ? 0 : Math.min(260, Math.round(width * 0.34));
  const x0 = narrow ? 2 : labelW + 10;
  const x1 = width - 58;       // room for the value
  const max = spec.max || 100;
  const x = (v) => x0 + ((x1 - x0) * Math.max(0, Math.min(max, v))) / max;
  const chars = Math.floor((narrow ? width - 8 : labelW) / 7.4);
  const back = [], front = [];
  let y = 26;
  for (const r of spec.rows) {
    if (r.heading) {
      front.push(s('text', { x: narrow ? x0 + 5 : 2, y: y + 22, class: 'chart-heading' }, r.heading));
      y += 32;
      continue;
    }
    if (narrow) front.push(label(r.label, chars, { x: x0 + 5, y: y + 13 }));
    else front.push(label(r.label, chars, { x: labelW, y: y + 14, 'text-anchor': 'end' }));
    const top = narrow ? y + 19 : y + 3;
    const mid = top + BAR / 2;
    let end = x0;
    if (Number.isFinite(r.value)) {
      end = x(r.value);
      back.push(s('rect', { x: x0, y: top, width: Math.max(1, end - x0), height: BAR, class: `bar ${r.cls || ''}` }));
    }
    if (Number.isFinite(r.low) && Number.isFinite(r.high)) {
      const [a, b] = [x(r.low), x(r.high)];
      front.push(s('path', { d: `M${a} ${mid}H${b}M${a} ${mid - 5}v10M${b} ${mid - 5}v10`, class: 'whisker' }));
      end = Math.max(end, b);
    }
    front.push(s('text', { x: end + 5, y: top + 12, class: 'chart-value' }, r.text ?? ''));
    y = top + BAR + (narrow ? 10 : 8);
  }
  const bottom = y;
  for (const l of spec.lines || []) {
    back.push(s('line', { x1: x(l.value), x2: x(l.value), y1: 18, y2: bottom, class: 'ref' }));
    front.push(s('text', { x: x(l.value), y: 14, 'text-anchor': 'middle', class: 'chart-value' }, l.label));
  }
  back.push(s('line', { x1: x0, x2: x0, y1: 18, y2: bottom, class: 'axis' }));
  const ticks = spec.ticks || [[0, '0'], [max, String(max)]];
  for (const [v, text] of ticks) {
    const anchor = v === 0 ? 'start' : 'middle';
    front.push(s('text', { x: x(v), y: bottom + 16, 'text-anchor': anchor, class: 'chart-value' }, text));
  }
  const height = bottom + 22;
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-labelledby': `${id}-t`, 'aria-describedby': `${id}-d` },
  s('title', { id: `${id}-t` }, spec.title), s('desc', { id: `${id}-d` }, spec.desc || ''), back, front);
}

// spec: {title, desc, max, rows: [{label, value, text, low?, high?, cls?} | {heading}],
//        lines: [{value, label}], ticks: [[value, text]]}
export function barChart(spec) {
  const fig = h('figure', { class: 'chart' });
  let drawn = 0;
  const redraw = (width) => {
    if (Math.abs(width - drawn) < 8) return;
    drawn = width;
    fig.replaceChildren(draw(spec, width));
  };
  redraw(600);  // until it has a size of its own
  const watch = new ResizeObserver(() => {
    if (!fig.isConnected) { watch.disconnect(); return; }
    const width = Math.floor(fig.clientWidth);
    if (width >= 200) redraw(width);
  });
  watch.observe(fig);
  return fig;
}
