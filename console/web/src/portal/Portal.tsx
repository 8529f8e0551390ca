import { createResource, lazy, Match, Show, Switch } from 'solid-js';
import { change, get } from '../shared/api';
import { navigate, param, path } from '../shared/router';
import { Catalogue } from './Catalogue';
import { Account } from './Account';
import { MyApps } from './MyApps';
import { AppPage } from './AppPage';

// Loaded when opened, so the catalogue's first paint does not carry it.
const AsyncApiView = lazy(() => import('./AsyncApiView').then((m) => ({ default: m.AsyncApiView })));

/** The product id of /products/{id}/asyncapi, or null. */
function asyncApiProduct(p: string): string | null {
  const m = /^\/products\/([^/]+)\/asyncapi\/?$/.exec(p);
  return m ? decodeURIComponent(m[1]) : null;
}

export type Session = { user: { email: string; role: string } | null };

export function Portal() {
  const [session, { refetch }] = createResource<Session>(() => get<Session>('/api/session'));
  const signedIn = () => session()?.user != null;

  async function logout() {
    await change('POST', '/api/logout');
    await refetch();
    navigate('/');
  }

  async function entered() {
    await get('/api/session'); // a new session id after login: fetch its CSRF token
    await refetch();
    navigate('/apps');
  }

  return (
    <>
      <header class="topbar">
        <span class="brand">Sluice Developer Portal</span>
        <nav aria-label="Portal">
          <a href="/">Catalogue</a>
          {' · '}
          <a href="/apps">My Apps</a>
        </nav>
        <Show when={!session.loading}>
          <Show when={signedIn()} fallback={<><a href="/login">Log in</a><a href="/signup">Sign up</a></>}>
            <span>{session()!.user!.email}</span>
            <button type="button" onClick={logout}>
              Log out
            </button>
          </Show>
        </Show>
      </header>
      <main>
        <Show when={!session.loading} fallback={<p>Loading…</p>}>
          <Switch fallback={<Catalogue />}>
            <Match when={path() === '/login'}>
              <Account mode="login" onDone={entered} />
            </Match>
            <Match when={path() === '/signup'}>
              <Account mode="signup" onDone={entered} />
            </Match>
            <Match when={path().startsWith('/apps') && !signedIn()}>
              <Account mode="login" onDone={entered} />
            </Match>
            <Match when={path() === '/apps'}>
              <MyApps />
            </Match>
            <Match when={param('/apps/')}>{(id) => <AppPage id={id()} />}</Match>
            <Match when={asyncApiProduct(path())}>{(id) => <AsyncApiView productId={id()} />}</Match>
          </Switch>
        </Show>
      </main>
    </>
  );
}
