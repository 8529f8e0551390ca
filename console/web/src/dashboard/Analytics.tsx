import { createSignal, For, Show } from 'solid-js';
import { get, message } from '../shared/api';
import { every } from '../shared/ui';

/**
 * Charts per API, stream and key. The data comes from GET /api/analytics: snapshots of the stream counters the gateway
 * keeps (rates are the differences between successive snapshots; per key, how fast its quota is used up), plus the
 * gateway's /tyk/analytics buckets when it records analytics.
 */
type Counters = Record<string, number>;
type Snapshot = {
  source: 'counters' | 'analytics';
  at: number;
  apis?: { api_id: string; name: string; counters: Counters }[];
  streams?: { api_id: string; stream: string; counters: Counters }[];
  keys?: KeyUse[];
  analytics?: unknown;
};
type Series = { label: string; points: { at: number; inRate: number; outRate: number }[]; totals: Counters };
type KeyUse = { key_hash: string; alias: string; api_id: string; quota_max: number; quota_used: number };

const WINDOW = 60;

export function Analytics() {
  const [apis, setApis] = createSignal<Series[]>([]);
  const [streams, setStreams] = createSignal<Series[]>([]);
  const [keys, setKeys] = createSignal<KeyUse[]>([]);
  const [keyRates, setKeyRates] = createSignal<Series[]>([]);
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
      setRaw(snapshot.analytics ?? null);
      setApis((snapshot.apis ?? []).map((a) => track(`api:${a.api_id}`, a.name, snapshot.at, a.counters)));
      setStreams((snapshot.streams ?? []).map((s) => track(`stream:${s.api_id}/${s.stream}`, `${s.api_id} / ${s.stream}`, snapshot.at, s.counters)));
      setKeys(snapshot.keys ?? []);
      setKeyRates((snapshot.keys ?? []).map((k) => track(`key:${k.key_hash}/${k.api_id}`, keyLabel(k), snapshot.at,
        { input_received: k.quota_used, output_sent: k.quota_used })));
      setError('');
    } catch (e) {
      setError(message(e));
    }
  });

  return (
    <>
      <h1>Analytics</h1>
      <p class="hint">
        Source: the counters the gateway keeps for each stream (sampled every 2 s in this page)
        {raw() ? ', and the gateway\'s request analytics (/tyk/analytics) below.' : '; request analytics appear when the gateway has enable_analytics on.'}
      </p>
      <Show when={error()}>
        <p class="bad">Cannot read analytics: {error()}</p>
      </Show>
      <Show when={raw()}>
        <h2>Requests and deliveries, last hour (/tyk/analytics)</h2>
        <pre>{JSON.stringify(raw(), null, 2)}</pre>
      </Show>
      <h2>Per API</h2>
      <ChartList series={apis()} empty="No stream API is running yet." />
      <h2>Per stream</h2>
      <ChartList series={streams()} empty="No stream is running yet." />
      <h2>Per key</h2>
      <Show when={keys().length > 0} fallback={<p>No key with a usage quota yet (keys are counted through their quota).</p>}>
        <ChartList series={keyRates()} empty="" unit="quota units used" />
        <QuotaBars keys={keys()} />
      </Show>
    </>
  );
}

function keyLabel(k: KeyUse): string {
  return `${k.alias || `key ${k.key_hash.slice(0, 12)}…`} on ${k.api_id}`;
}

function ChartList(props: { series: Series[]; empty: string; unit?: string }) {
  return (
    <Show when={props.series.length > 0} fallback={<p>{props.empty}</p>}>
      <div class="cards">
        <For each={props.series}>
          {(s) => {
            const last = () => s.points[s.points.length - 1];
            const summary = () => props.unit
              ? `${s.label}: ${(last()?.inRate ?? 0).toFixed(1)} ${props.unit} per second; ${s.totals.input_received ?? 0} in total.`
              : `${s.label}: ${(last()?.inRate ?? 0).toFixed(1)} messages in and ${(last()?.outRate ?? 0).toFixed(1)} out per second; ` +
                `${s.totals.input_received ?? 0} in and ${s.totals.output_sent ?? 0} out in total.`;
            return (
              <div class="card">
                <h3>{s.label}</h3>
                <RateChart points={s.points} label={summary()} single={props.unit !== undefined} />
                <Show when={!props.unit} fallback={<p class="legend">{props.unit} per second; {s.totals.input_received ?? 0} in total.</p>}>
                  <p class="legend">
                    Solid: messages in per second. Dashed: messages out per second. Totals: {s.totals.input_received ?? 0} in,{' '}
                    {s.totals.output_sent ?? 0} out, {s.totals.processor_error ?? 0} errors, {s.totals.http_server_messages_delivered ?? 0} delivered to consumers.
                  </p>
                </Show>
              </div>
            );
          }}
        </For>
      </div>
    </Show>
  );
}

function RateChart(props: { points: Series['points']; label: string; single?: boolean }) {
  const width = 300;
  const height = 100;
  const max = () => 1.25 * Math.max(1, ...props.points.flatMap((p) => [p.inRate, p.outRate]));
  const line = (pick: (p: Series['points'][number]) => number) =>
    props.points.map((p, i) => `${(i / Math.max(1, props.points.length - 1)) * width},${height - (pick(p) / max()) * (height - 8) - 4}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={props.label}
         data-points={props.points.length}>
      <polyline class="in" points={line((p) => p.inRate)} />
      <Show when={!props.single}>
        <polyline class="out" points={line((p) => p.outRate)} />
      </Show>
    </svg>
  );
}

function QuotaBars(props: { keys: KeyUse[] }) {
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
            const used = k.quota_used;
            const label = `${used} of ${k.quota_max} used`;
            return (
              <tr>
                <td>{keyLabel(k)}</td>
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
