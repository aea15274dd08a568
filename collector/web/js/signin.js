// The sign-in view, shared by the observer and (later) the manager pages.
import { h } from './dom.js';
import { t } from './i18n.js';
import * as session from './session.js';

export function render(main) {
  const msg = h('div', { class: 'error-box', role: 'alert', id: 'signin-msg' });
  const show = (text) => { msg.textContent = text; msg.hidden = !text; };
  show(session.notice() ? t(session.notice()) : '');
  const input = h('input', { type: 'password', id: 'token', autocomplete: 'current-password',
    spellcheck: 'false', 'aria-describedby': 'signin-help signin-msg' });
  const button = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h('form', { novalidate: true, class: 'signin', 'aria-labelledby': 'h-signin' },
    h('h2', { id: 'h-signin' }, t('signin.title')), msg,
    h('p', { class: 'hint', id: 'signin-help' }, t('signin.help')),
    h('div', { class: 'field' }, h('label', { for: 'token' }, t('token')), input),
    h('div', { class: 'row actions' }, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) { show(t('signin.empty')); input.focus(); return; }
    button.setAttribute('aria-busy', 'true');
    button.disabled = true;  // only while the one request is out
    try {
      const err = await session.signIn(value);
      if (err) { show(err.key ? t(err.key) : err.text); input.focus(); }
      else input.value = '';  // session.onChange routes on
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  main.replaceChildren(form);
}
