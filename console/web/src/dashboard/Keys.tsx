import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { change, get, message } from '../shared/api';
import { AddForm, Dialog, formatTime, ItemTable, Notice, ReadOnly, TextField, uid, useBusy } from '../shared/ui';
import { describeLimits, Policy } from './Policies';

type KeyRow = { key_hash: string; alias: string; policies: string[]; apis: string[]; expires: number; quota_max: number; quota_remaining: number; portal_app: string };

export function Keys() {
  const [keys, { refetch }] = createResource(() => get<{ keys: KeyRow[] }>('/api/keys'));
  const [policies] = createResource(() => get<{ policies: Policy[] }>('/api/policies'));
  const [adding, setAdding] = createSignal(false);
  const [tab, setTab] = createSignal<'access' | 'config'>('access');
  const [policyId, setPolicyId] = createSignal('');
  const [alias, setAlias] = createSignal('');
  const [created, setCreated] = createSignal<{ key_id: string; key_hash: string } | null>(null);
  const [error, setError] = createSignal('');
  const [info, setInfo] = createSignal('');
  const { busy, run } = useBusy();
  const chosen = createMemo(() => policies()?.policies.find((p) => p.id === policyId()));
  const names = createMemo(() => new Map((policies()?.policies ?? []).map((p) => [p.id, p.name])));
  const accessTab = uid('tab');
  const configTab = uid('tab');

  async function create(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        setCreated(await change<{ key_id: string; key_hash: string }>('POST', '/api/keys', { policy_id: policyId(), alias: alias() }));
        setAdding(false);
        await refetch();
      } catch (e) {
        setError(message(e));
      }
    });
  }

  async function remove(k: KeyRow) {
    try {
      await change('DELETE', `/api/keys/${encodeURIComponent(k.key_hash)}`);
      setInfo('Key deleted.');
      await refetch();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <>
      <h1>Keys</h1>
      <Notice error={error()} info={info()} />
      <AddForm noun="Key" heading="New key" open={adding()} onOpen={() => { setAdding(true); setTab('access'); }}
               onCancel={() => setAdding(false)} onSubmit={create} submitLabel="Create Key" submitDisabled={busy() || !policyId()}>
        <div role="tablist" aria-label="Key settings" class="actions">
          <button type="button" role="tab" id={accessTab} aria-selected={tab() === 'access' ? 'true' : 'false'} aria-controls={`${accessTab}-panel`}
                  class={tab() === 'access' ? '' : 'secondary'} onClick={() => setTab('access')}>
            Access Rights
          </button>
          <button type="button" role="tab" id={configTab} aria-selected={tab() === 'config' ? 'true' : 'false'} aria-controls={`${configTab}-panel`}
                  class={tab() === 'config' ? '' : 'secondary'} onClick={() => setTab('config')}>
            Configuration
          </button>
        </div>
        <div role="tabpanel" id={`${accessTab}-panel`} aria-labelledby={accessTab} classList={{ hidden: tab() !== 'access' }}>
          <fieldset>
            <legend>Apply policy</legend>
            <For each={policies()?.policies ?? []} fallback={<p>No policies yet: add one under Policies first.</p>}>
              {(p) => (
                <label class="choice">
                  <input type="radio" name="policy" value={p.id} checked={policyId() === p.id} onChange={() => setPolicyId(p.id)} /> {p.name}
                </label>
              )}
            </For>
          </fieldset>
          <Show when={chosen()}>
            <section aria-labelledby="applied-limits">
              <h3 id="applied-limits">Applied limits</h3>
              <ul>
                <For each={describeLimits(chosen()!)}>{(line) => <li>{line}</li>}</For>
              </ul>
            </section>
          </Show>
        </div>
        <div role="tabpanel" id={`${configTab}-panel`} aria-labelledby={configTab} classList={{ hidden: tab() !== 'config' }}>
          <TextField label="Alias" value={alias()} onInput={setAlias} hint="A name to recognise the key by." />
        </div>
      </AddForm>
      <Dialog title="Key created" open={created() !== null} onClose={() => setCreated(null)}>
        <p>Copy the Key ID now: it is shown only this once. Clients send it to call the API.</p>
        <ReadOnly label="Key ID" value={created()?.key_id ?? ''} />
        <ReadOnly label="Key Hash" value={created()?.key_hash ?? ''} />
      </Dialog>
      <h2>All keys</h2>
      <ItemTable columns={['Key hash', 'Alias', 'Policies', 'Expires', 'Quota left']} items={keys()?.keys} empty="No keys yet.">
        {(k) => (
          <tr>
            <td>
              <code>{k.key_hash.slice(0, 16)}…</code>
            </td>
            <td>{k.alias || (k.portal_app ? `portal app ${k.portal_app}` : '—')}</td>
            <td>{k.policies.map((p) => names().get(p) ?? p).join(', ') || '—'}</td>
            <td>{k.expires > 0 ? formatTime(k.expires * 1000) : 'never'}</td>
            <td>{k.quota_max > 0 ? `${k.quota_remaining} of ${k.quota_max}` : k.policies.length > 0 ? 'set by its policy' : 'unlimited'}</td>
            <td>
              <button type="button" class="danger" aria-label={`Delete key ${k.key_hash.slice(0, 16)}`} onClick={() => remove(k)}>
                Delete
              </button>
            </td>
          </tr>
        )}
      </ItemTable>
    </>
  );
}
