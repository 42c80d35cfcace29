'use strict';
(() => {
  const { api, page, param, run } = azkit;

  function next() {
    const target = param('next');
    if (!target) {
      return '/dashboard.html';
    }
    // Only a page of this site: never an open redirect (the URL parser, not a prefix test, decides: browsers read
    // "/\\host" and "/<tab>/host" as another host).
    const url = new URL(target, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : '/dashboard.html';
  }

  page(async () => {
    const email = param('email');
    if (email) {
      document.getElementById('register-email').value = email;
      document.getElementById('sign-in-email').value = email;
    }
    document.getElementById('sign-in').addEventListener('submit', run(async () => {
      await api('POST', '/api/login', {
        email: document.getElementById('sign-in-email').value,
        password: document.getElementById('sign-in-password').value,
      });
      location.href = next();
    }));
    document.getElementById('register').addEventListener('submit', run(async () => {
      await api('POST', '/api/register', {
        name: document.getElementById('register-name').value,
        email: document.getElementById('register-email').value,
        password: document.getElementById('register-password').value,
        promoCode: document.getElementById('register-promo').value,
      });
      location.href = next();
    }));
    const pricing = await api('GET', '/api/pricing');
    document.getElementById('pricing').textContent = 'One seat costs $' + pricing.monthlyPriceUsd
      + ' a month where you are (' + pricing.country + '). A promo code gives you free days first.';
  });
})();
