import { createResource, For, Show } from 'solid-js';
import { get } from '../shared/api';
import { Notice } from '../shared/ui';

// The AsyncAPI 3 document of a published stream API, as the gateway generates it, rendered with plain elements (no
// AsyncAPI renderer library: the portal's bundle stays small, and the document's shape here is ours).

type Json = any;

/** Follows a local reference ("#/components/messages/x") inside the document; other values are returned as they are. */
function resolve(doc: Json, value: Json, depth = 0): Json {
  if (!value || typeof value !== 'object' || typeof value.$ref !== 'string' || depth > 10) return value;
  const ref: string = value.$ref;
  if (!ref.startsWith('#/')) return value;
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return resolve(doc, node, depth + 1);
}

function entries(o: Json): [string, Json][] {
  return o && typeof o === 'object' ? Object.entries(o) : [];
}

function typeOf(schema: Json): string {
  if (!schema || typeof schema !== 'object') return 'any';
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (t === 'array') return `array of ${typeOf(schema.items)}`;
  if (schema.enum) return `${t ?? 'one'} of ${schema.enum.map((v: Json) => JSON.stringify(v)).join(', ')}`;
  return t ?? (schema.oneOf || schema.anyOf ? 'one of several shapes' : 'any');
}

/** A payload schema as a nested list: field, type, required, description. */
function Schema(props: { doc: Json; schema: Json; depth?: number }) {
  const schema = () => resolve(props.doc, props.schema);
  const props_ = () => {
    const s = schema();
    const own = s?.type === 'array' ? resolve(props.doc, s.items) : s;
    return { fields: entries(own?.properties), required: new Set<string>(own?.required ?? []) };
  };
  return (
    <Show when={props_().fields.length > 0} fallback={<code>{typeOf(schema())}</code>}>
      <ul class="schema">
        <For each={props_().fields}>
          {([name, field]) => {
            const f = resolve(props.doc, field);
            return (
              <li>
                <code>{name}</code>: <span>{typeOf(f)}</span>
                <Show when={props_().required.has(name)}> <span class="badge">required</span></Show>
                <Show when={f?.description}> — {f.description}</Show>
                <Show when={(props.depth ?? 0) < 6 && (f?.properties || f?.items?.properties)}>
                  <Schema doc={props.doc} schema={f} depth={(props.depth ?? 0) + 1} />
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

function serverUrl(server: Json): string {
  return `${server.protocol}://${server.host}${server.pathname ?? ''}`;
}

export function AsyncApiView(props: { productId: string }) {
  const url = () => `/api/products/${encodeURIComponent(props.productId)}/asyncapi`;
  const [doc] = createResource(url, (u) => get<Json>(u));
  const channels = () => entries(doc()?.channels);
  const operationsOf = (channelId: string) =>
    entries(doc()?.operations).filter(([, op]) => op?.channel?.$ref === `#/channels/${channelId}`);
  const serversOf = (channel: Json) =>
    (channel.servers ?? []).map((s: Json) => resolve(doc(), s)).filter((s: Json) => s && s.protocol);

  return (
    <>
      <p>
        <a href="/">← Catalogue</a>
      </p>
      <Notice error={doc.error ? String(doc.error.message) : ''} />
      <Show when={doc()} fallback={<Show when={!doc.error}><p>Loading…</p></Show>}>
        <h1>AsyncAPI: {doc().info?.title}</h1>
        <p>
          AsyncAPI {doc().asyncapi} · version {doc().info?.version} · <a href={`${url()}?download`} download="">Download the AsyncAPI document (JSON)</a>
        </p>
        <Show when={doc().info?.description}>
          <p class="docs">{doc().info.description}</p>
        </Show>

        <section aria-labelledby="asyncapi-servers">
          <h2 id="asyncapi-servers">Servers</h2>
          <dl class="pairs">
            <For each={entries(doc().servers)}>
              {([name, server]) => (
                <>
                  <dt>{name}</dt>
                  <dd>
                    <code>{serverUrl(server)}</code>
                    <Show when={server.description}> — {server.description}</Show>
                  </dd>
                </>
              )}
            </For>
          </dl>
        </section>

        <section aria-labelledby="asyncapi-channels">
          <h2 id="asyncapi-channels">Channels</h2>
          <For each={channels()} fallback={<p>No channels.</p>}>
            {([id, channel]) => (
              <article class="card channel" aria-labelledby={`channel-${id}`}>
                <h3 id={`channel-${id}`}>{id}</h3>
                <dl class="pairs">
                  <dt>Path</dt>
                  <dd>
                    <code>{channel.address}</code>
                  </dd>
                  <dt>Protocol</dt>
                  <dd>{serversOf(channel).map((s: Json) => s.protocol).join(', ') || 'any'}</dd>
                  <Show when={channel['x-sluice-stream']}>
                    <dt>Stream</dt>
                    <dd>{channel['x-sluice-stream']}</dd>
                  </Show>
                </dl>
                <Show when={channel.description}>
                  <p>{channel.description}</p>
                </Show>
                <h4>Operations</h4>
                <ul>
                  <For each={operationsOf(id)}>
                    {([opId, op]) => (
                      <li>
                        <span class={op.action === 'send' ? 'badge ok' : 'badge'}>{op.action}</span> <code>{opId}</code>
                        <Show when={op.summary}> — {op.summary}</Show>
                      </li>
                    )}
                  </For>
                </ul>
                <For each={entries(channel.messages)}>
                  {([, ref]) => {
                    const message = resolve(doc(), ref);
                    return (
                      <>
                        <h4>Payload{message?.title ? `: ${message.title}` : ''}</h4>
                        <Show when={message?.summary}>
                          <p class="hint">{message.summary}</p>
                        </Show>
                        <Schema doc={doc()} schema={message?.payload} />
                      </>
                    );
                  }}
                </For>
              </article>
            )}
          </For>
        </section>

        <section aria-labelledby="asyncapi-security">
          <h2 id="asyncapi-security">Security schemes</h2>
          <Show when={entries(doc().components?.securitySchemes).length === 0}>
            <p>None: the API is open.</p>
          </Show>
          <dl class="pairs">
            <For each={entries(doc().components?.securitySchemes)}>
              {([name, scheme]) => (
                <>
                  <dt>{name}</dt>
                  <dd>
                    <code>{[scheme.type, scheme.scheme, scheme.bearerFormat, scheme.in && scheme.name ? `${scheme.in} ${scheme.name}` : '']
                      .filter(Boolean).join(' · ')}</code>
                    <Show when={scheme.description}> — {scheme.description}</Show>
                  </dd>
                </>
              )}
            </For>
          </dl>
        </section>
      </Show>
    </>
  );
}
