import { createResource, For, Show } from 'solid-js';
import { get } from '../shared/api';
import { Notice } from '../shared/ui';

type Product = {
  id: string;
  name: string;
  description: string;
  webhooks_enabled: boolean;
  events: string[];
  example_message: string;
  api: null | { id: string; name: string; async: boolean; authentication: { type: string }; endpoints: { protocol: string; url: string }[] };
};

const AUTH_HELP: Record<string, string> = {
  api_key: 'An API key from My Apps, in the Authorization header (browsers: the ?key= query parameter).',
  jwt: 'A JWT bearer token in the Authorization header.',
  basic: 'HTTP Basic authentication.',
  hmac: 'Requests signed with HMAC (HTTP signatures) using your key\'s secret.',
  oauth2: 'An OAuth 2.0 access token in the Authorization header.',
  none: 'None: the API is open.',
  custom: 'See the documentation above.',
};

/** Published API products, sync and async, each with its documentation and how to call it. */
export function Catalogue() {
  const [catalogue] = createResource(() => get<{ products: Product[] }>('/api/catalogue'));
  return (
    <>
      <h1>API Catalogue</h1>
      <Notice error={catalogue.error ? String(catalogue.error.message) : ''} />
      <Show when={catalogue()} fallback={<p>Loading…</p>}>
        <div class="cards">
          <For each={catalogue()!.products} fallback={<p>No API products are published yet.</p>}>
            {(p) => (
              <article class="card" aria-labelledby={`product-${p.id}`}>
                <h2 id={`product-${p.id}`}>{p.name}</h2>
                <p>
                  <span class="badge">{p.api?.async ? 'Async API' : 'REST API'}</span>
                  <Show when={p.webhooks_enabled}> <span class="badge ok">Webhooks</span></Show>
                </p>
                <Show when={p.description}>
                  <p class="docs">{p.description}</p>
                </Show>
                <Show when={p.api}>
                  <h3>Endpoints</h3>
                  <dl class="pairs">
                    <For each={p.api!.endpoints}>
                      {(e) => (
                        <>
                          <dt>{e.protocol}</dt>
                          <dd>
                            <code>{e.url}</code>
                          </dd>
                        </>
                      )}
                    </For>
                  </dl>
                  <h3>Authentication</h3>
                  <p>{AUTH_HELP[p.api!.authentication.type] ?? p.api!.authentication.type}</p>
                  <Show when={p.api!.async}>
                    <h3>AsyncAPI</h3>
                    <p>
                      <a href={`/products/${encodeURIComponent(p.id)}/asyncapi`}>AsyncAPI document of {p.name}</a>
                      {' · '}
                      <a href={`/api/products/${encodeURIComponent(p.id)}/asyncapi?download`} download="">
                        Download JSON
                      </a>
                    </p>
                  </Show>
                </Show>
                <Show when={p.webhooks_enabled}>
                  <h3>Webhook events</h3>
                  <ul>
                    <For each={p.events}>{(e) => <li><code>{e}</code></li>}</For>
                  </ul>
                  <p class="hint">
                    Deliveries are POSTs of {'{"id", "type", "created_at", "data"}'}, signed: Sluice-Webhook-Signature is
                    v1=HMAC-SHA256(your secret, Sluice-Webhook-Timestamp + "." + body). Refuse timestamps older than 5 minutes and
                    ids you have seen.
                  </p>
                </Show>
                <Show when={p.example_message}>
                  <h3>Message format</h3>
                  <pre>{p.example_message}</pre>
                </Show>
              </article>
            )}
          </For>
        </div>
      </Show>
    </>
  );
}
