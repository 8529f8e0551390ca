import { createSignal, For, Show } from 'solid-js';
import { get, message } from '../shared/api';
import { every } from '../shared/ui';

type Connection = { type: string; state: string; since: string | null; failures: number; last_error: string | null; last_error_at: string | null };
type StreamState = {
  name: string;
  template: boolean;
  running?: boolean;
  input?: Connection;
  output?: Connection;
  counters?: Record<string, number>;
  tail?: { sequence: number; at: string; text: string }[];
  instances?: { instance: string; connections: number; input: Connection; output: Connection; counters: Record<string, number> }[];
};

const KINDS = ['websocket', 'sse', 'stream', 'get'];
const KIND_NAMES: Record<string, string> = { websocket: 'WebSocket', sse: 'SSE', stream: 'Raw stream', get: 'GET' };

/** The stream's live state: connector states, consumers per kind, counters, a sampled tail and the last errors. */
export function LiveState(props: { apiId: string }) {
  const [streams, setStreams] = createSignal<StreamState[] | null>(null);
  const [error, setError] = createSignal('');

  every(2000, async () => {
    try {
      const answer = await get<{ streams: StreamState[] }>(`/api/apis/${encodeURIComponent(props.apiId)}/status`);
      setStreams(answer.streams);
      setError('');
    } catch (e) {
      setError(message(e));
    }
  });

  return (
    <section aria-labelledby="live-state">
      <h2 id="live-state">Live stream state</h2>
      <Show when={error()}>
        <p class="bad">Cannot read the stream state: {error()}</p>
      </Show>
      <Show when={streams()} fallback={<p>Waiting for the gateway…</p>}>
        <For each={streams()!} fallback={<p>The gateway runs no stream for this API (is it Active?).</p>}>
          {(s) => (
            <div class="card">
              <h3>Stream {s.name}</h3>
              <Show when={!s.template} fallback={<p>Template stream: {s.instances?.length ?? 0} running instance(s).</p>}>
                <Show when={s.running !== false} fallback={<p class="bad">Not running: its config could not be built.</p>}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Connector</th>
                        <th scope="col">Type</th>
                        <th scope="col">State</th>
                        <th scope="col">Since</th>
                        <th scope="col">Last error</th>
                      </tr>
                    </thead>
                    <tbody>
                      <ConnectionRow role="Input" c={s.input} />
                      <ConnectionRow role="Output" c={s.output} />
                    </tbody>
                  </table>
                  <dl class="pairs">
                    <dt>Messages in</dt>
                    <dd>{s.counters?.input_received ?? 0}</dd>
                    <dt>Messages out</dt>
                    <dd>{s.counters?.output_sent ?? 0}</dd>
                    <dt>Processor errors</dt>
                    <dd>{s.counters?.processor_error ?? 0}</dd>
                    <dt>Consumers connected</dt>
                    <dd>{consumers(s.counters ?? {})}</dd>
                    <dt>Delivered to consumers</dt>
                    <dd>{s.counters?.http_server_messages_delivered ?? 0}</dd>
                  </dl>
                  <Show when={s.tail && s.tail.length > 0}>
                    <h4>Recent messages (sampled)</h4>
                    <ol class="lint" aria-label={`Recent messages of stream ${s.name}`}>
                      <For each={s.tail!}>{(m) => <li class="clean">#{m.sequence} {new Date(m.at).toLocaleTimeString()} {m.text}</li>}</For>
                    </ol>
                  </Show>
                </Show>
              </Show>
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}

function ConnectionRow(props: { role: string; c?: Connection }) {
  return (
    <tr>
      <th scope="row">{props.role}</th>
      <td>{props.c?.type ?? '—'}</td>
      <td>
        <span class={props.c?.state === 'CONNECTED' ? 'badge ok' : 'badge bad'}>{props.c?.state ?? 'unknown'}</span>
      </td>
      <td>{props.c?.since ? new Date(props.c.since).toLocaleTimeString() : '—'}</td>
      <td>{props.c?.last_error ? `${props.c.last_error} (${props.c.failures} failure(s))` : 'none'}</td>
    </tr>
  );
}

/** Open consumer connections, per kind when the gateway counts them per kind. */
function consumers(counters: Record<string, number>): string {
  const open = (suffix: string) =>
    (counters[`http_server_consumers_connected${suffix}`] ?? 0) - (counters[`http_server_consumers_disconnected${suffix}`] ?? 0);
  const total = open('');
  const perKind = KINDS.filter((k) => counters[`http_server_consumers_connected_${k}`] !== undefined)
    .map((k) => `${KIND_NAMES[k]} ${open(`_${k}`)}`);
  return perKind.length > 0 ? `${total} (${perKind.join(', ')})` : String(total);
}
