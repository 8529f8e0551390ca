import { createResource, createSignal, For, Show } from 'solid-js';
import { change, get, message } from '../shared/api';
import { navigate } from '../shared/router';
import { formatTime, Notice, TextField, useBusy } from '../shared/ui';

type App = { id: string; name: string; createdAt: number };

export function MyApps() {
  const [apps] = createResource(() => get<{ apps: App[] }>('/api/apps'));
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal('');
  const { busy, run } = useBusy();

  async function create(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        const app = await change<App>('POST', '/api/apps', { name: name() });
        navigate(`/apps/${encodeURIComponent(app.id)}`);
      } catch (e) {
        setError(message(e));
      }
    });
  }

  return (
    <>
      <h1>My Apps</h1>
      <form onSubmit={create} aria-labelledby="new-app">
        <h2 id="new-app">New app</h2>
        <TextField label="App name" value={name()} onInput={setName} required />
        <Notice error={error()} />
        <button type="submit" disabled={busy()}>
          Create App
        </button>
      </form>
      <h2>Your apps</h2>
      <Show when={apps()} fallback={<p>Loading…</p>}>
        <ul>
          <For each={apps()!.apps} fallback={<li>No apps yet.</li>}>
            {(app) => (
              <li>
                <a href={`/apps/${encodeURIComponent(app.id)}`}>{app.name}</a> <span class="hint">created {formatTime(app.createdAt)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
