'use strict';
(() => {
  const { api, el, page, run, say, signedIn, time } = azkit;
  let instructors = {};
  let shown = 0;

  async function show() {
    const mine = ++shown; // a slower, older answer must not replace a newer one
    const query = new URLSearchParams();
    const author = document.getElementById('author').value;
    const search = document.getElementById('search').value.trim();
    if (author) {
      query.set('author', author);
    }
    if (search) {
      query.set('q', search);
    }
    const text = query.toString();
    const library = await api('GET', '/api/library' + (text ? '?' + text : ''));
    if (mine !== shown) {
      return;
    }
    document.getElementById('count').textContent = library.videos.length === 1 ? '1 video'
      : library.videos.length + ' videos';
    document.getElementById('videos').replaceChildren(...library.videos.map((video) => el('tr',
      { 'data-video': video.id },
      el('td', {}, el('a', { href: '/video.html?id=' + encodeURIComponent(video.id), class: 'title' }, video.title)),
      el('td', { class: 'author' }, (instructors[video.instructorId] || { name: video.instructorId }).name),
      el('td', {}, time(video.durationSeconds)),
      el('td', {}, video.published),
      el('td', {}, el('button', { type: 'button', class: 'secondary queue-add', onclick: run(async () => {
        await api('POST', '/api/queue', { videoId: video.id });
        say('“' + video.title + '” is in your queue.', 'ok');
      }) }, 'Add to queue')))));
  }

  page(async () => {
    await signedIn();
    const library = await api('GET', '/api/library');
    instructors = {};
    for (const instructor of library.instructors) {
      instructors[instructor.id] = instructor;
    }
    const select = document.getElementById('author');
    select.append(...library.instructors.slice().sort((a, b) => a.name.localeCompare(b.name))
      .map((i) => el('option', { value: i.id }, i.name)));
    document.getElementById('filter').addEventListener('submit', run(show));
    select.addEventListener('change', run(show));
    await show();
  });
})();
