'use strict';
// The page the seat email links to: it asks the service to accept the seat, and says in words what happened.
(() => {
  const { api, el, page, param } = azkit;

  function show(text, ...next) {
    document.getElementById('result').textContent = text;
    const box = document.getElementById('next');
    box.replaceChildren(...next);
    box.hidden = next.length === 0;
  }

  page(async () => {
    const here = location.pathname + location.search;
    const token = param('token');
    if (!token) {
      show('This link is incomplete. Copy the whole link from the email, or ask your account administrator to '
        + 'send it again.');
      return;
    }
    let answer;
    try {
      answer = await api('POST', '/api/seats/accept', { token });
    } catch (e) {
      if (e.status === 410 && e.data && e.data.result === 'REVOKED') {
        show('Your account administrator took this seat back before you accepted it. Ask them if you still need it.');
      } else if (e.status === 401) {
        show(e.message, el('a', { href: '/?next=' + encodeURIComponent(here), id: 'sign-in-link' },
          'Sign in, then come back here'));
      } else {
        show(e.message);
      }
      return;
    }
    if (answer.result === 'REGISTER_FIRST') {
      show('Nobody has registered with the email this seat was offered to yet. Register with that email, then '
        + 'this link gives you the seat.', el('a', { href: '/?next=' + encodeURIComponent(here), id: 'register-link' },
        'Register'));
      return;
    }
    show('The seat is yours: you can watch every video now.', el('a', { href: '/library.html', id: 'library-link' },
      'Go to the library'));
  });
})();
