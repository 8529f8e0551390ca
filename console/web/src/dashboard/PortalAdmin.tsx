import { createResource, createSignal, Show } from 'solid-js';
import { change, get, message } from '../shared/api';
import { AddForm, Checkbox, ItemTable, Notice, SelectField, TextField, uid, useBusy } from '../shared/ui';
import { Policy } from './Policies';

type Product = {
  id: string;
  name: string;
  description: string;
  api_id: string;
  policy_id: string;
  published: boolean;
  webhooks_enabled: boolean;
  events: string[];
  example_message: string;
};

/** The Portal page: what the developer portal publishes (API products) and how streams publish webhook events. */
export function PortalAdmin() {
  const [settings] = createResource(() => get<{ portal_url: string; api_secret: string }>('/api/portal'));
  const [products, { refetch }] = createResource(() => get<{ products: Product[] }>('/api/products'));
  const [apis] = createResource(() => get<{ apis: { id: string; name: string }[] }>('/api/apis'));
  const [policies] = createResource(() => get<{ policies: Policy[] }>('/api/policies'));
  const [adding, setAdding] = createSignal(false);
  const [name, setName] = createSignal('');
  const [apiId, setApiId] = createSignal('');
  const [policyId, setPolicyId] = createSignal('');
  const [description, setDescription] = createSignal('');
  const [example, setExample] = createSignal('');
  const [published, setPublished] = createSignal(true);
  const [webhooks, setWebhooks] = createSignal(false);
  const [events, setEvents] = createSignal('');
  const [error, setError] = createSignal('');
  const [info, setInfo] = createSignal('');
  const { busy, run } = useBusy();
  const descriptionId = uid('description');
  const exampleId = uid('example');

  async function save(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        const saved = await change<Product>('POST', '/api/products', {
          name: name(), api_id: apiId(), policy_id: policyId(), description: description(), example_message: example(),
          published: published(), webhooks_enabled: webhooks(), events: events(),
        });
        setInfo(`Product "${saved.name}" saved${saved.published ? ' and published' : ''}.`);
        setAdding(false);
        await refetch();
      } catch (e) {
        setError(message(e));
      }
    });
  }

  async function remove(p: Product) {
    try {
      await change('DELETE', `/api/products/${encodeURIComponent(p.id)}`);
      await refetch();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <>
      <h1>Portal</h1>
      <p>
        API products published here appear in the developer portal's catalogue
        <Show when={settings()}> at <a href={`${settings()!.portal_url}/`}>{settings()!.portal_url}</a></Show>. Developers sign up,
        create apps, get keys under the product's policy and subscribe to its webhook events.
      </p>
      <Show when={settings()}>
        <h2>Webhook events from a stream</h2>
        <p>Add this output to a stream (API details page) to publish its messages as webhook events:</p>
        <pre>{`output:\n  portal_webhook:\n    event_type: bar\n    portal_url: ${settings()!.portal_url}\n    secret: ${settings()!.api_secret}`}</pre>
      </Show>
      <Notice error={error()} info={info()} />
      <AddForm noun="Product" heading="New API product" open={adding()} onOpen={() => setAdding(true)} onCancel={() => setAdding(false)}
               onSubmit={save} submitLabel="Save Product" submitDisabled={busy()}>
        <div class="grid2">
          <TextField label="Product name" value={name()} onInput={setName} required />
          <SelectField label="API" value={apiId()} onChange={setApiId}
                       options={[{ value: '', label: '(choose an API)' }, ...(apis()?.apis ?? []).map((a) => ({ value: a.id, label: a.name }))]} />
          <SelectField label="Policy for issued keys" value={policyId()} onChange={setPolicyId}
                       options={[{ value: '', label: '(choose a policy)' }, ...(policies()?.policies ?? []).map((p) => ({ value: p.id, label: p.name }))]} />
        </div>
        <div class="field">
          <label for={descriptionId}>Documentation</label>
          <textarea id={descriptionId} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={exampleId}>Example message</label>
          <textarea id={exampleId} class="code" value={example()} onInput={(e) => setExample(e.currentTarget.value)} />
        </div>
        <Checkbox label="Published" checked={published()} onChange={setPublished} />
        <Checkbox label="Webhooks" checked={webhooks()} onChange={setWebhooks} hint="Developers may subscribe to this product's events." />
        <Show when={webhooks()}>
          <TextField label="Events" value={events()} onInput={setEvents} hint="Event types developers may subscribe to, comma separated (the event_type of portal_webhook outputs)." />
        </Show>
      </AddForm>
      <h2>Products</h2>
      <ItemTable columns={['Product', 'API', 'Published', 'Webhook events']} items={products()?.products} empty="No products yet.">
        {(p) => (
          <tr>
            <td>{p.name}</td>
            <td>
              <code>{p.api_id}</code>
            </td>
            <td>{p.published ? 'yes' : 'no'}</td>
            <td>{p.webhooks_enabled ? p.events.join(', ') : 'off'}</td>
            <td>
              <button type="button" class="danger" aria-label={`Delete product ${p.name}`} onClick={() => remove(p)}>
                Delete
              </button>
            </td>
          </tr>
        )}
      </ItemTable>
    </>
  );
}
