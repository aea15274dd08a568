// The register and config the form is built from, fetched once per page load and
// kept in localStorage, so the form still works when the app is opened offline.
import { request, NetworkError, errorMessage } from '../api.js';
import { readJson, writeJson } from '../dom.js';

const memo = new Map();

// -> {data, error}; data may come from the cache (with error saying why).
function cached(path) {
  if (!memo.has(path)) {
    memo.set(path, (async () => {
      const key = `msc.cache:${path}`;
      let error = '';
      try {
        const res = await request('GET', path);
        if (res.ok && res.data) { writeJson(key, res.data); return { data: res.data, error }; }
        error = errorMessage(res);
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        error = e.message;
      }
      memo.delete(path);  // try the network again next time
      return { data: readJson(key), error };
    })());
  }
  return memo.get(path);
}

const list = (v) => (Array.isArray(v) ? v.filter((x) => x && typeof x.id === 'string') : []);

export async function programs() {
  const r = await cached('/v1/programs');
  return { list: list(r.data?.programs), error: r.error };
}

export async function companies() {
  const r = await cached('/v1/companies');
  return { list: list(r.data?.companies), error: r.error };
}

export async function industries() {
  const r = await cached('/v1/industries');
  return { list: list(r.data?.industries), error: r.error };
}

export async function config(programId) {
  if (!programId) return { data: null, error: '' };
  const r = await cached(`/v1/programs/${encodeURIComponent(programId)}/config`);
  return { data: r.data && typeof r.data === 'object' ? r.data : null, error: r.error };
}

// Everything the form and the lists need at once.
export async function register() {
  const [p, c, i] = await Promise.all([programs(), companies(), industries()]);
  return { programs: p.list, companies: c.list, industries: i.list,
    error: p.error || c.error || i.error };
}

export function companyName(reg, id) {
  return reg.companies.find((c) => c.id === id)?.name || id || '';
}
