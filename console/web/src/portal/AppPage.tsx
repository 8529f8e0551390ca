import { createResource, createSignal, For, Show } from 'solid-js';
import { change, get, message } from '../shared/api';
import { Dialog, every, formatTime, Notice, ReadOnly, SelectField, TextField, uid, useBusy } from '../shared/ui';

type AppDetails = {
  app: { id: string; name: string };
  keys: { id: string; product_id: string; product_name: string; key_hash: string; created_at: number }[];
  subscriptions: Subscription[];
  events: string[];
};
type Subscription = { id: string; url: string; events: string[]; secret_hint: string; created_at: number };
type Attempt = { attempt: number; at: number; statusCode: number; error: string | null; durationMillis: number };
type Delivery = { id: string; event_id: string; event_type: string; status: string; attempts: number; next_attempt_at: number; last_error: string | null; created_at: number; log: Attempt[] };
type Product = { id: string; name: string };

/** One app: its keys (one per product) and its webhook subscriptions with their delivery logs and dead letters. */
export function AppPage(props: { id: string }) {
  const [details, { refetch }] = createResource(() => get<AppDetails>(`/api/apps/${encodeURIComponent(props.id)}`));
  const [catalogue] = createResource(() => get<{ products: Product[] }>('/api/catalogue'));
  const [product, setProduct] = createSignal('');
  const [issued, setIssued] = createSignal<{ key: string; key_hash: string; product_name: string } | null>(null);
  const [subscribing, setSubscribing] = createSignal(false);
  const [url, setUrl] = createSignal('');
  const [secret, setSecret] = createSignal('');
  const [events, setEvents] = createSignal<string[]>([]);
  const [error, setError] = createSignal('');
  const [info, setInfo] = createSignal('');
  const { busy, run } = useBusy();

  async function requestKey(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        setIssued(await change('POST', `/api/apps/${encodeURIComponent(props.id)}/keys`, { product_id: product() }));
        await refetch();
      } catch (e) {
        setError(message(e));
      }
    });
  }

  async function subscribe(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        await change('POST', `/api/apps/${encodeURIComponent(props.id)}/subscriptions`, { url: url(), secret: secret(), events: events() });
        setInfo('Subscription saved.');
        setSubscribing(false);
        setUrl('');
        setSecret('');
        setEvents([]);
        await refetch();
      } catch (e) {
        setError(message(e));
      }
    });
  }

  return (
    <Show when={details()} fallback={<><h1>App</h1><Notice error={details.error ? String(details.error.message) : ''} /><p>Loading…</p></>}>
      <h1>{details()!.app.name}</h1>
      <Notice error={error()} info={info()} />
      <section aria-labelledby="keys">
        <h2 id="keys">Keys</h2>
        <form onSubmit={requestKey} class="actions">
          <SelectField label="Product" value={product()} onChange={setProduct}
                       options={[{ value: '', label: '(choose a product)' }, ...(catalogue()?.products ?? []).map((p) => ({ value: p.id, label: p.name }))]} />
          <button type="submit" disabled={busy() || !product()}>
            Request Key
          </button>
        </form>
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Key hash</th>
              <th scope="col">Issued</th>
            </tr>
          </thead>
          <tbody>
            <For each={details()!.keys} fallback={<tr><td colspan="3">No keys yet.</td></tr>}>
              {(k) => (
                <tr>
                  <td>{k.product_name}</td>
                  <td>
                    <code>{k.key_hash.slice(0, 16)}…</code>
                  </td>
                  <td>{formatTime(k.created_at)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
      <Dialog title="Your new key" open={issued() !== null} onClose={() => setIssued(null)}>
        <p>Copy it now: it is shown only this once. Send it in the Authorization header (or as ?key= from a browser).</p>
        <ReadOnly label="Key ID" value={issued()?.key ?? ''} />
        <ReadOnly label="Key Hash" value={issued()?.key_hash ?? ''} />
      </Dialog>
      <section aria-labelledby="webhooks">
        <h2 id="webhooks">Webhooks</h2>
        <Show when={!subscribing()}>
          <div class="actions">
            <button type="button" onClick={() => setSubscribing(true)}>
              Subscribe
            </button>
          </div>
        </Show>
        <Show when={subscribing()}>
          <form onSubmit={subscribe} aria-labelledby="new-subscription">
            <h3 id="new-subscription">New subscription</h3>
            <TextField label="Webhook URL" type="url" value={url()} onInput={setUrl} required placeholder="https://example.com/hooks/sluice"
                       hint="Where the event notifications are sent (POST)." />
            <TextField label="HMAC Secret" value={secret()} onInput={setSecret} required
                       hint="At least 12 characters; each delivery is signed with it (Sluice-Webhook-Signature)." />
            <fieldset>
              <legend>Events</legend>
              <For each={details()!.events} fallback={<p>No events yet: request a key for a product with webhooks first.</p>}>
                {(name) => (
                  <label class="choice">
                    <input type="checkbox" checked={events().includes(name)}
                           onChange={(e) => setEvents(e.currentTarget.checked ? [...events(), name] : events().filter((x) => x !== name))} /> {name}
                  </label>
                )}
              </For>
            </fieldset>
            <div class="actions">
              <button type="submit" disabled={busy()}>
                Save Subscription
              </button>
              <button type="button" class="secondary" onClick={() => setSubscribing(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Show>
        <For each={details()!.subscriptions} fallback={<p>No subscriptions yet.</p>}>
          {(s) => <SubscriptionCard subscription={s} onChanged={refetch} />}
        </For>
      </section>
    </Show>
  );
}

function SubscriptionCard(props: { subscription: Subscription; onChanged: () => void }) {
  const [log, setLog] = createSignal<Delivery[]>([]);
  const [dead, setDead] = createSignal<Delivery[]>([]);
  const [error, setError] = createSignal('');
  const [info, setInfo] = createSignal('');
  const headingId = uid('subscription');

  async function load() {
    try {
      const answer = await get<{ deliveries: Delivery[]; dead_letters: Delivery[] }>(`/api/subscriptions/${encodeURIComponent(props.subscription.id)}/deliveries`);
      setLog(answer.deliveries);
      setDead(answer.dead_letters);
    } catch (e) {
      setError(message(e));
    }
  }
  every(2000, load);

  async function replay() {
    setError('');
    try {
      const answer = await change<{ replayed: number }>('POST', `/api/subscriptions/${encodeURIComponent(props.subscription.id)}/replay`);
      setInfo(`${answer.replayed} dead letter(s) queued again.`);
      await load();
    } catch (e) {
      setError(message(e));
    }
  }

  async function remove() {
    try {
      await change('DELETE', `/api/subscriptions/${encodeURIComponent(props.subscription.id)}`);
      props.onChanged();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <div class="card" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{props.subscription.url}</h3>
      <dl class="pairs">
        <dt>Events</dt>
        <dd>{props.subscription.events.join(', ')}</dd>
        <dt>Secret</dt>
        <dd>{props.subscription.secret_hint}</dd>
      </dl>
      <Notice error={error()} info={info()} />
      <h4>Dead letters</h4>
      <p>
        {dead().length} delivery(ies) gave up after all retries.{' '}
        <button type="button" class="secondary" disabled={dead().length === 0} onClick={replay}>
          Replay dead letters
        </button>
      </p>
      <h4>Delivery log</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
          </tr>
        </thead>
        <tbody>
          <For each={log()} fallback={<tr><td colspan="4">Nothing delivered yet.</td></tr>}>
            {(d) => (
              <tr>
                <td>
                  <code>{d.event_type}</code> {formatTime(d.created_at)}
                </td>
                <td>
                  <span class={d.status === 'delivered' ? 'badge ok' : 'badge bad'}>{d.status}</span>
                </td>
                <td>{d.attempts}</td>
                <td>{d.log.length > 0 ? describe(d.log[d.log.length - 1]) : '—'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <button type="button" class="danger" onClick={remove}>
        Unsubscribe
      </button>
    </div>
  );
}

function describe(a: Attempt): string {
  return a.error ? a.error : `HTTP ${a.statusCode} in ${a.durationMillis} ms`;
}
