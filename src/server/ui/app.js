// drydock dashboard: plain JS modules, no framework, no build step (the files are built into the server).
//   api.js    endpoint paths, token, GET with paging     shape.js  API answer -> what a panel shows
//   dom.js    DOM building (text nodes only)             views_*.js the pages
// This file: the router and the sign-in form.
import { Api, get, Session, Token } from './api.js';
import { main } from './dom.js';
import { ImageView } from './views_image.js';
import { ImagesView } from './views_images.js';
import { SearchView } from './views_search.js';
import { AlertsView } from './views_alerts.js';
import { EventsView } from './views_events.js';
import { TrendsView } from './views_trends.js';

function route() {
  if (!Token.get()) return showLogin();
  document.getElementById('login').hidden = true;
  for (const id of ['nav', 'logout', 'quick-search']) document.getElementById(id).hidden = false;
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = [hash.split('?')[0], hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : ''];
  const params = new URLSearchParams(query);
  if (path.startsWith('image/')) return ImageView(decodeURIComponent(path.slice('image/'.length)));
  const views = {
    images: ImagesView, search: () => SearchView(params), events: EventsView, alerts: AlertsView, trends: TrendsView,
  };
  return (views[path] || ImagesView)();
}

function showLogin(message) {
  for (const id of ['nav', 'logout', 'quick-search']) document.getElementById(id).hidden = true;
  main().replaceChildren();
  main().dataset.view = 'login';
  main().dataset.state = 'ready';
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('token').focus();
}

async function login(event) {
  event.preventDefault();
  const token = document.getElementById('token').value.trim();
  try {
    await get(Api.images('', 1), token);
  } catch (e) {
    const why = {
      401: 'The server does not know this token.', 403: 'This token may not read (it needs the read scope).',
    };
    return showLogin(why[e.status] || 'Sign-in failed: ' + e.message);
  }
  Token.set(token);
  document.getElementById('token').value = '';
  route();
}

Session.onExpired = () => showLogin('The token is no longer accepted.');

// Modules run after the document is parsed.
{
  document.getElementById('login-form').addEventListener('submit', login);
  document.getElementById('logout').addEventListener('click', () => { Token.clear(); showLogin(); });
  document.getElementById('quick-search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('quick-q').value.trim();
    if (q) location.hash = '#/search?' + new URLSearchParams({ q }).toString();
  });
  window.addEventListener('hashchange', route);
  route();
}
