import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { change, get } from '../shared/api';
import { navigate, param, path } from '../shared/router';
import { Login } from './Login';
import { ApisList } from './ApisList';
import { Wizard } from './Wizard';
import { ApiDetails } from './ApiDetails';
import { Policies } from './Policies';
import { Keys } from './Keys';
import { Analytics } from './Analytics';
import { PortalAdmin } from './PortalAdmin';

type Session = { user: { email: string; role: string } | null };

const SECTIONS = [
  { href: '/apis', label: 'APIs' },
  { href: '/streams', label: 'Streams & Events' },
  { href: '/policies', label: 'Policies' },
  { href: '/keys', label: 'Keys' },
  { href: '/analytics', label: 'Analytics' },
  { href: '/portal', label: 'Portal' },
];

export function App() {
  const [session, { refetch }] = createResource<Session>(() => get<Session>('/api/session'));
  const [email, setEmail] = createSignal('');

  const signedIn = () => session()?.user != null;
  const current = (href: string) => path() === href || (href === '/apis' && path().startsWith('/apis/'));

  async function logout() {
    await change('POST', '/api/logout');
    await refetch();
    navigate('/');
  }

  return (
    <Show when={!session.loading} fallback={<p class="auth-page">Loading…</p>}>
      <Show
        when={signedIn()}
        fallback={
          <Login
            onLoggedIn={async (who) => {
              setEmail(who);
              await refetch();
              if (path() === '/' || path() === '/login') navigate('/apis', true);
            }}
          />
        }
      >
        <div class="shell">
          <nav class="sidebar" aria-label="Sidebar">
            <p class="brand">Sluice</p>
            <ul>
              {SECTIONS.map((s) => (
                <li>
                  <a href={s.href} aria-current={current(s.href) ? 'page' : undefined}>
                    {s.label}
                  </a>
                </li>
              ))}
            </ul>
            <div class="who">
              <p>{session()?.user?.email ?? email()}</p>
              <button type="button" class="secondary" onClick={logout}>
                Log out
              </button>
            </div>
          </nav>
          <main>
            <Switch fallback={<ApisList />}>
              <Match when={path() === '/streams'}>
                <Wizard />
              </Match>
              <Match when={path() === '/apis/new'}>
                <ApiDetails id={null} />
              </Match>
              <Match when={param('/apis/')}>
                {(id) => <ApiDetails id={id()} />}
              </Match>
              <Match when={path() === '/policies'}>
                <Policies />
              </Match>
              <Match when={path() === '/keys'}>
                <Keys />
              </Match>
              <Match when={path() === '/analytics'}>
                <Analytics />
              </Match>
              <Match when={path() === '/portal'}>
                <PortalAdmin />
              </Match>
            </Switch>
          </main>
        </div>
      </Show>
    </Show>
  );
}
