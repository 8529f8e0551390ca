import { createSignal, For, Show } from 'solid-js';
import { get, message } from '../shared/api';
import { every } from '../shared/ui';

/**
 * Charts per API, stream and key. The data comes from GET /api/analytics, which passes the gateway's /tyk/analytics
 * through when it exists and otherwise builds snapshots from the stream counters the gateway keeps today; rates are
 * the differences between successive snapshots. Per key, the quota used comes from the keys list.
 */
type Counters = Record<string, number>;
type Snapshot = {
  source: 'counters' | 'analytics';
  at: number;
  apis?: { api_id: string; name: string; counters: Counters }[];
  streams?: { api_id: string; stream: string; counters: Counters }[];
  analytics?: unknown;
};
type Series = { label: string; points: { at: number; inRate: number; outRate: number }[]; totals: Counters };
type KeyRow = { key_hash: string; alias: string; quota_max: number; quota_remaining: number };

const WINDOW = 60;

export function Analytics() {
  const [source, setSource] = createSignal('');
  const [apis, setApis] = createSignal<Series[]>([]);
  const [streams, setStreams] = createSignal<Series[]>([]);
  const [keys, setKeys] = createSignal<KeyRow[]>([]);
  const [raw, setRaw] = createSignal<unknown>(null);
  const [error, setError] = createSignal('');
  const previous = new Map<string, { at: number; counters: Counters }>();
  const history = new Map<string, Series>();

  function track(key: string, label: string, at: number, counters: Counters): Series {
    const before = previous.get(key);
    const series = history.get(key) ?? { label, points: [], totals: counters };
    series.totals = counters;
    if (before && at > before.at) {
      const seconds = (at - before.at) / 1000;
      series.points = [...series.points, {
        at,
        inRate: Math.max(0, ((counters.input_received ?? 0) - (before.counters.input_received ?? 0)) / seconds),
        outRate: Math.max(0, ((counters.output_sent ?? 0) - (before.counters.output_sent ?? 0)) / seconds),
      }].slice(-WINDOW);
    }
    previous.set(key, { at, counters });
    history.set(key, series);
    return { ...series };
  }

  every(2000, async () => {
    try {
      const snapshot = await get<Snapshot>('/api/analytics');
      setSource(snapshot.source);
      if (snapshot.source === 'analytics') {
        setRaw(snapshot.analytics);
      } else {
        setApis((snapshot.apis ?? []).map((a) => track(`api:${a.api_id}`, a.name, snapshot.at, a.counters)));
        setStreams((snapshot.streams ?? []).map((s) => track(`stream:${s.api_id}/${s.stream}`, `${s.api_id} / ${s.stream}`, snapshot.at, s.counters)));
      }
      setKeys((await get<{ keys: KeyRow[] }>('/api/keys')).keys.filter((k) => k.quota_max > 0));
      setError('');
    } catch (e) {
      setError(message(e));
    }
  });

  return (
    <>
      <h1>Analytics</h1>
      <p class="hint">
        {source() === 'analytics'
          ? 'Source: the gateway analytics endpoint (/tyk/analytics).'
          : 'Source: the counters the gateway keeps for each stream (sampled every 2 s in this page); request analytics come with /tyk/analytics.'}
      </p>
      <Show when={error()}>
        <p class="bad">Cannot read analytics: {error()}</p>
      </Show>
      <Show when={source() === 'analytics'}>
        <pre>{JSON.stringify(raw(), null, 2)}</pre>
      </Show>
      <h2>Per API</h2>
      <ChartList series={apis()} empty="No stream API is running yet." />
      <h2>Per stream</h2>
      <ChartList series={streams()} empty="No stream is running yet." />
      <h2>Per key (usage quota)</h2>
      <Show when={keys().length > 0} fallback={<p>No key with a usage quota.</p>}>
        <QuotaBars keys={keys()} />
      </Show>
    </>
  );
}

function ChartList(props: { series: Series[]; empty: string }) {
  return (
    <Show when={props.series.length > 0} fallback={<p>{props.empty}</p>}>
      <div class="cards">
        <For each={props.series}>
          {(s) => {
            const last = () => s.points[s.points.length - 1];
            const summary = () =>
              `${s.label}: ${(last()?.inRate ?? 0).toFixed(1)} messages in and ${(last()?.outRate ?? 0).toFixed(1)} out per second; ` +
              `${s.totals.input_received ?? 0} in and ${s.totals.output_sent ?? 0} out in total.`;
            return (
              <div class="card">
                <h3>{s.label}</h3>
                <RateChart points={s.points} label={summary()} />
                <p class="legend">
                  Solid: messages in per second. Dashed: messages out per second. Totals: {s.totals.input_received ?? 0} in,{' '}
                  {s.totals.output_sent ?? 0} out, {s.totals.processor_error ?? 0} errors, {s.totals.http_server_messages_delivered ?? 0} delivered to consumers.
                </p>
              </div>
            );
          }}
        </For>
      </div>
    </Show>
  );
}

function RateChart(props: { points: Series['points']; label: string }) {
  const width = 300;
  const height = 100;
  const max = () => Math.max(1, ...props.points.flatMap((p) => [p.inRate, p.outRate]));
  const line = (pick: (p: Series['points'][number]) => number) =>
    props.points.map((p, i) => `${(i / Math.max(1, WINDOW - 1)) * width},${height - (pick(p) / max()) * (height - 8) - 4}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={props.label}>
      <polyline class="in" points={line((p) => p.inRate)} />
      <polyline class="out" points={line((p) => p.outRate)} />
    </svg>
  );
}

function QuotaBars(props: { keys: KeyRow[] }) {
  const height = 24;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Quota used</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.keys}>
          {(k) => {
            const used = Math.max(0, k.quota_max - k.quota_remaining);
            const label = `${used} of ${k.quota_max} used`;
            return (
              <tr>
                <td>{k.alias || `${k.key_hash.slice(0, 12)}…`}</td>
                <td>
                  <svg class="chart" viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
                    <rect class="bar" x="0" y="4" height={height - 8} width={(used / k.quota_max) * 100} />
                  </svg>
                  {label}
                </td>
              </tr>
            );
          }}
        </For>
      </tbody>
    </table>
  );
}
