import { createResource, For, Show } from 'solid-js';
import { get } from '../shared/api';
import { Notice } from '../shared/ui';

type ApiRow = { id: string; name: string; listen_path: string; active: boolean; internal: boolean; stream: boolean };

export function ApisList() {
  const [apis] = createResource(() => get<{ apis: ApiRow[] }>('/api/apis'));
  return (
    <>
      <h1>APIs</h1>
      <div class="actions">
        <a class="button" href="/streams">
          Add API
        </a>
      </div>
      <Notice error={apis.error ? String(apis.error.message) : ''} />
      <Show when={apis()} fallback={<p>Loading…</p>}>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">API ID</th>
              <th scope="col">Listen path</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            <For each={apis()!.apis} fallback={<tr><td colspan="6">No APIs yet.</td></tr>}>
              {(api) => (
                <tr>
                  <td>
                    <a href={`/apis/${encodeURIComponent(api.id)}`}>{api.name}</a>
                  </td>
                  <td>
                    <code>{api.id}</code>
                  </td>
                  <td>
                    <code>{api.listen_path}</code>
                  </td>
                  <td>{api.stream ? 'Streams' : 'REST'}</td>
                  <td>{api.active ? 'Active' : 'Disabled'}</td>
                  <td>{api.internal ? 'Internal' : 'External'}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </>
  );
}
