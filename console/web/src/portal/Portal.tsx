import { createResource, Match, Show, Switch } from 'solid-js';
import { change, get } from '../shared/api';
import { navigate, param, path } from '../shared/router';
import { Catalogue } from './Catalogue';
import { Account } from './Account';
import { MyApps } from './MyApps';
import { AppPage } from './AppPage';

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
          </Switch>
        </Show>
      </main>
    </>
  );
}
