'use strict';
(() => {
  const { api, el, page, run, signedIn, time, videos, videoLink } = azkit;
  let byId;

  function drawQueue(queue) {
    const list = document.getElementById('queue');
    document.getElementById('queue-empty').hidden = queue.length > 0;
    const move = (from, to) => run(async () => {
      const order = queue.slice();
      const [moved] = order.splice(from, 1);
      order.splice(to, 0, moved);
      drawQueue(await api('PUT', '/api/queue', { order }));
    });
    list.replaceChildren(...queue.map((id, i) => el('li', { 'data-video': id },
      el('span', { class: 'grow' }, videoLink(id, byId)),
      el('button', { type: 'button', class: 'secondary up', title: 'Move up', 'aria-label': 'Move up',
        disabled: i === 0, onclick: move(i, i - 1) }, '↑'),
      el('button', { type: 'button', class: 'secondary down', title: 'Move down', 'aria-label': 'Move down',
        disabled: i === queue.length - 1, onclick: move(i, i + 1) }, '↓'),
      el('button', { type: 'button', class: 'secondary remove', onclick: run(async () => {
        drawQueue(await api('DELETE', '/api/queue/' + encodeURIComponent(id)));
      }) }, 'Remove'))));
  }

  page(async () => {
    const me = await signedIn();
    byId = (await videos()).byId;
    document.getElementById('welcome').textContent = 'Welcome, ' + me.name;
    if (!me.canWatch) {
      const standing = document.getElementById('standing');
      standing.textContent = 'You cannot watch videos right now. ' + me.reason;
      standing.hidden = false;
    }
    const [queue, bookmarks, history] = await Promise.all([
      api('GET', '/api/queue'), api('GET', '/api/bookmarks'), api('GET', '/api/history')]);
    drawQueue(queue);

    const marks = Object.entries(bookmarks).flatMap(([video, list]) => list.map((mark) => ({ video, mark })));
    document.getElementById('bookmarks-empty').hidden = marks.length > 0;
    document.getElementById('bookmarks').replaceChildren(...marks.map(({ video, mark }) => el('li', {},
      el('span', { class: 'grow' }, videoLink(video, byId, mark.offsetSeconds), ' at ', time(mark.offsetSeconds)),
      el('span', { class: 'muted' }, mark.note))));

    document.getElementById('history-empty').hidden = history.length > 0;
    document.getElementById('history').replaceChildren(...history.map((w) => el('tr', { 'data-video': w.videoId },
      el('td', {}, videoLink(w.videoId, byId)),
      el('td', { class: 'minutes' }, w.minutes),
      el('td', {}, time(w.offsetSeconds)),
      el('td', {}, new Date(w.lastWatched).toLocaleString()),
      el('td', {}, el('a', { href: '/video.html?id=' + encodeURIComponent(w.videoId) + '&t=' + w.offsetSeconds,
        class: 'continue' }, 'Continue')))));
    if (history.length > 0) {
      const last = history[0];
      document.getElementById('continue').replaceChildren('Continue ', el('a', { id: 'continue-link',
        href: '/video.html?id=' + encodeURIComponent(last.videoId) + '&t=' + last.offsetSeconds },
        (byId.get(last.videoId) || { title: last.videoId }).title), ' at ' + time(last.offsetSeconds) + '.');
    }
  });
})();
