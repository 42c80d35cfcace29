// The reference service's shared page code: calls to /api, messages in words, the navigation bar and small helpers.
// Plain JavaScript, no build step, no inline scripts (the service's Content-Security-Policy forbids them).
'use strict';

const azkit = (() => {
  /** Calls the JSON API. Resolves to the parsed answer (text for CSV); rejects with an Error whose message is words. */
  async function api(method, path, body) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new Error('The service cannot be reached right now. Check your connection and try again.');
    }
    if (response.status === 204) {
      return null;
    }
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const error = new Error(data && data.error ? data.error
        : 'The service could not do that (status ' + response.status + '). Please try again in a minute.');
      error.status = response.status;
      error.data = data;
      throw error;
    }
    return data;
  }

  /** Creates an element: el('a', {href: '/x', class: 'y'}, 'text', child, ...). Text is never parsed as HTML. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      if (name.startsWith('on')) {
        node.addEventListener(name.substring(2), value);
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /** Shows a message in the page's message area; kind is 'error' or 'ok'. */
  function say(text, kind) {
    const box = document.getElementById('message');
    box.textContent = text;
    box.className = kind === 'ok' ? 'message ok' : 'message error';
    box.hidden = false;
    if (kind !== 'ok') {
      box.scrollIntoView({ block: 'nearest' });
    }
  }

  function clear() {
    const box = document.getElementById('message');
    box.hidden = true;
    box.textContent = '';
  }

  /** Runs an async action, showing its error in words instead of losing it. */
  function run(action) {
    return async (event) => {
      if (event && event.preventDefault) {
        event.preventDefault();
      }
      try {
        clear();
        await action(event);
      } catch (e) {
        say(e.message || String(e), 'error');
      }
    };
  }

  /** The signed-in user, with the navigation bar drawn; sends the person to sign in if nobody is. */
  async function signedIn() {
    let me;
    try {
      me = await api('GET', '/api/me');
    } catch (e) {
      if (e.status === 401) {
        location.href = '/?next=' + encodeURIComponent(location.pathname + location.search);
        return new Promise(() => {});
      }
      throw e;
    }
    const nav = document.getElementById('nav');
    nav.replaceChildren(...[
      el('a', { href: '/dashboard.html' }, 'Dashboard'),
      el('a', { href: '/library.html' }, 'Library'),
      me.adminOf.map((id, i) => el('a', { href: '/account.html?id=' + encodeURIComponent(id), class: 'account-link' },
        me.adminOf.length > 1 ? 'Account ' + (i + 1) : 'Your account')),
      me.siteAdmin ? el('a', { href: '/admin.html' }, 'Site admin') : null,
      el('span', { class: 'who' }, me.name + ' (' + me.email + ')'),
      el('button', { type: 'button', id: 'sign-out', onclick: run(async () => {
        await api('POST', '/api/logout');
        location.href = '/';
      }) }, 'Sign out')].flat().filter((node) => node));
    return me;
  }

  /** Seconds as m:ss or h:mm:ss. */
  function time(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + ss : m + ':' + ss;
  }

  /** A query parameter of this page's address. */
  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  /** Video id to video, from the library (the service holds it in memory: no storage transaction). */
  async function videos() {
    const library = await api('GET', '/api/library');
    const byId = new Map();
    for (const video of library.videos) {
      byId.set(video.id, video);
    }
    return { byId, instructors: library.instructors };
  }

  function videoLink(id, byId, offset) {
    const video = byId.get(id);
    const href = '/video.html?id=' + encodeURIComponent(id) + (offset ? '&t=' + offset : '');
    return el('a', { href }, video ? video.title : id);
  }

  window.addEventListener('unhandledrejection', (event) => say(event.reason && event.reason.message
    ? event.reason.message : 'Something went wrong in this page. Please reload it.', 'error'));

  /** Runs a page's start-up, showing a failure in words; marks the body data-ready when it has finished. */
  function page(start) {
    document.addEventListener('DOMContentLoaded', () => run(start)()
      .finally(() => document.body.setAttribute('data-ready', '')));
  }

  return { api, el, say, clear, run, signedIn, time, param, videos, videoLink, page };
})();
