import { createResource, createSignal, For } from 'solid-js';
import { change, get, message } from '../shared/api';
import { AddForm, Checkbox, ItemTable, Notice, SelectField, TextField, useBusy } from '../shared/ui';

export type Policy = {
  id: string;
  name: string;
  rate: number;
  per: number;
  throttle_interval: number;
  throttle_retry_limit: number;
  quota_max: number;
  quota_renewal_rate: number;
  key_expires_in: number;
  access_rights: Record<string, { api_id: string; api_name: string }>;
};

export const EXPIRY = [
  { value: '0', label: 'Never' },
  { value: '3600', label: '1 hour' },
  { value: '21600', label: '6 hours' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '1 week' },
  { value: '2592000', label: '30 days' },
];

const RENEWAL = [
  { value: '3600', label: 'Every hour' },
  { value: '86400', label: 'Every day' },
  { value: '604800', label: 'Every week' },
  { value: '2592000', label: 'Every 30 days' },
];

/** Human words for a policy's limits, as the Keys page shows them too. */
export function describeLimits(p: Policy): string[] {
  const lines: string[] = [];
  lines.push(p.rate > 0 && p.per > 0 ? `Rate limit: ${p.rate} per ${p.per} s` : 'Rate limit: none');
  lines.push(p.throttle_retry_limit > 0 && p.throttle_interval > 0 ? `Throttling: retry ${p.throttle_retry_limit} times every ${p.throttle_interval} s` : 'Throttling: off');
  lines.push(p.quota_max > 0 ? `Usage quota: ${p.quota_max} per ${p.quota_renewal_rate} s` : 'Usage quota: unlimited');
  lines.push(`Key expiry: ${EXPIRY.find((e) => e.value === String(p.key_expires_in))?.label ?? `${p.key_expires_in} s`}`);
  lines.push(`APIs: ${Object.values(p.access_rights).map((a) => a.api_name || a.api_id).join(', ') || 'none'}`);
  return lines;
}

export function Policies() {
  const [policies, { refetch }] = createResource(() => get<{ policies: Policy[] }>('/api/policies'));
  const [apis] = createResource(() => get<{ apis: { id: string; name: string }[] }>('/api/apis'));
  const [adding, setAdding] = createSignal(false);
  const [selected, setSelected] = createSignal<string[]>([]);
  const [rate, setRate] = createSignal('');
  const [per, setPer] = createSignal('60');
  const [throttleRetries, setThrottleRetries] = createSignal('');
  const [throttleInterval, setThrottleInterval] = createSignal('');
  const [quota, setQuota] = createSignal('');
  const [renewal, setRenewal] = createSignal('3600');
  const [name, setName] = createSignal('');
  const [expiry, setExpiry] = createSignal('0');
  const [error, setError] = createSignal('');
  const [info, setInfo] = createSignal('');
  const { busy, run } = useBusy();

  async function create(event: Event) {
    event.preventDefault();
    setError('');
    setInfo('');
    await run(async () => {
      try {
        const created = await change<Policy>('POST', '/api/policies', {
          name: name(),
          api_ids: selected(),
          rate: rate(),
          per: per(),
          throttle_retry_limit: throttleRetries(),
          throttle_interval: throttleInterval(),
          quota_max: quota(),
          quota_renewal_rate: renewal(),
          key_expires_in: expiry(),
        });
        setInfo(`Policy "${created.name}" created (ID ${created.id}).`);
        setAdding(false);
        await refetch();
      } catch (e) {
        setError(message(e));
      }
    });
  }

  async function remove(p: Policy) {
    setError('');
    try {
      await change('DELETE', `/api/policies/${encodeURIComponent(p.id)}`);
      setInfo(`Policy "${p.name}" deleted.`);
      await refetch();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <>
      <h1>Policies</h1>
      <Notice error={error()} info={info()} />
      <AddForm noun="Policy" heading="New policy" open={adding()} onOpen={() => setAdding(true)} onCancel={() => setAdding(false)}
               onSubmit={create} submitLabel="Create Policy" submitDisabled={busy()}>
        <fieldset>
          <legend>Access Rights</legend>
          <p class="hint">Select the APIs keys under this policy may call.</p>
          <For each={apis()?.apis ?? []} fallback={<p>No APIs yet: create one first.</p>}>
            {(api) => (
              <Checkbox label={api.name} hint={api.id} checked={selected().includes(api.id)}
                        onChange={(on) => setSelected(on ? [...selected(), api.id] : selected().filter((i) => i !== api.id))} />
            )}
          </For>
        </fieldset>
        <fieldset>
          <legend>Rate Limiting</legend>
          <div class="grid2">
            <TextField label="Rate" type="number" value={rate()} onInput={setRate} hint="Requests (messages on a stream API) allowed per period; empty for none." />
            <TextField label="Per (seconds)" type="number" value={per()} onInput={setPer} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Throttling</legend>
          <div class="grid2">
            <TextField label="Throttle retry limit" type="number" value={throttleRetries()} onInput={setThrottleRetries} hint="Empty: throttling off." />
            <TextField label="Throttle interval (seconds)" type="number" value={throttleInterval()} onInput={setThrottleInterval} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Usage Quota</legend>
          <div class="grid2">
            <TextField label="Quota" type="number" value={quota()} onInput={setQuota} hint="Requests per quota period; empty for unlimited." />
            <SelectField label="Quota resets" value={renewal()} onChange={setRenewal} options={RENEWAL} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Configuration</legend>
          <div class="grid2">
            <TextField label="Policy name" value={name()} onInput={setName} required />
            <SelectField label="Key expires after" value={expiry()} onChange={setExpiry} options={EXPIRY} />
          </div>
        </fieldset>
      </AddForm>
      <h2>All policies</h2>
      <ItemTable columns={['Name', 'Policy ID', 'Limits']} items={policies()?.policies} empty="No policies yet.">
        {(p) => (
          <tr>
            <td>{p.name}</td>
            <td>
              <code>{p.id}</code>
            </td>
            <td>
              <For each={describeLimits(p)}>{(line) => <div>{line}</div>}</For>
            </td>
            <td>
              <button type="button" class="danger" onClick={() => remove(p)} aria-label={`Delete policy ${p.name}`}>
                Delete
              </button>
            </td>
          </tr>
        )}
      </ItemTable>
    </>
  );
}
