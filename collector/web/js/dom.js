// Small DOM and time helpers. Elements are built node by node (never innerHTML), so
// strings from the server (company names, notes) always stay plain text.

// h('button', {type: 'button', onclick: fn, class: 'x'}, 'text', child, [more])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked') el[k] = v;  // properties, not attributes
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// A message for the role="status" line under the header (read out by screen readers).
// Navigating clears a message unless it was just set (e.g. "Stored", then the list).
export function announce(text) {
  const el = document.getElementById('status');
  if (el) { el.textContent = text || ''; el.dataset.at = String(Date.now()); }
}

export function clearOldAnnouncement() {
  const el = document.getElementById('status');
  if (el && Date.now() - Number(el.dataset.at || 0) > 1500) el.textContent = '';
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

// Protobuf JSON timestamps may carry 9 fraction digits; Date.parse wants at most 3.
export function parseTime(s) {
  if (typeof s !== 'string' || !s) return NaN;
  return Date.parse(s.replace(/(\.\d{3})\d+/, '$1'));
}

// ISO instant -> the value of an <input type="datetime-local"> in local time.
export function toLocalInput(iso) {
  const ms = parseTime(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// The reverse. Keeps `orig` when the input still shows it, so an untouched field does
// not lose the milliseconds it was loaded with (a correction must not change them).
export function fromLocalInput(value, orig = '') {
  if (!value) return '';
  if (orig && toLocalInput(orig) === value) return orig;
  const ms = new Date(value).getTime();  // "YYYY-MM-DDTHH:MM[:SS]" is read as local time
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

export function formatTime(iso, locale) {
  const ms = parseTime(iso);
  if (Number.isNaN(ms)) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(ms));
}

// "12.345s" (protobuf JSON Duration) -> 12.345; anything else -> NaN.
export function parseDuration(s) {
  const m = typeof s === 'string' && /^(-?\d+(?:\.\d+)?)s$/.exec(s.trim());
  return m ? Number(m[1]) : NaN;
}

// 12.3456 -> "12.3456s": at most 9 decimals, trailing zeros dropped.
export function formatDuration(seconds) {
  return seconds.toFixed(9).replace(/\.?0+$/, '') + 's';
}

// What the observer typed in a seconds field; a decimal comma is accepted (Norwegian).
export function parseSeconds(text) {
  const s = String(text ?? '').trim().replace(',', '.');
  return /^-?\d*\.?\d+$|^-?\d+\.$/.test(s) ? Number(s) : NaN;
}

// mm:ss for the stopwatch, h:mm:ss past an hour.
export function clockText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
  return hh ? `${hh}:${pad(mm)}:${pad(ss)}` : `${pad(mm)}:${pad(ss)}`;
}

export function readJson(key) {
  try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch { return null; }
}

export function writeJson(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch { return false; }
}
