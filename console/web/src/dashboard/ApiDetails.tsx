import { createSignal, For, onMount, Show } from 'solid-js';
import { change, get, message } from '../shared/api';
import { navigate } from '../shared/router';
import { Notice, RadioGroup, SelectField, TextField, useBusy } from '../shared/ui';
import { loadDraft } from './draft';
import { LiveState } from './LiveState';
import { YamlEditor } from './YamlEditor';

type Api = {
  id: string;
  name: string;
  listen_path: string;
  active: boolean;
  internal: boolean;
  upstream_url: string;
  stream: boolean;
  yaml?: string;
  stream_count?: number;
  authentication: { type: string; jwt_source?: string; jwt_signing_method?: string };
  endpoints?: Record<string, string>;
  gateway_url?: string;
};

const AUTH = [
  { value: 'api_key', label: 'API Key' },
  { value: 'jwt', label: 'JWT' },
  { value: 'basic', label: 'Basic' },
  { value: 'hmac', label: 'HMAC' },
  { value: 'oauth2', label: 'OAuth2' },
  { value: 'none', label: 'Open (keyless)' },
];

const ENDPOINT_NAMES: Record<string, string> = {
  websocket: 'WebSocket',
  sse: 'Server-Sent Events',
  get: 'GET (next message)',
  post: 'POST (publish)',
  websocket_publish: 'WebSocket (publish)',
  webhook: 'Webhook event',
};

// A message that outlives the move from /apis/new to /apis/{id} after the first save.
let flash = '';

/** The API details page: generated or typed YAML with live lint, authentication, status, access, Save API. */
export function ApiDetails(props: { id: string | null }) {
  const [loaded, setLoaded] = createSignal(false);
  const [id, setId] = createSignal<string | null>(props.id);
  const [name, setName] = createSignal('');
  const [listenPath, setListenPath] = createSignal('');
  const [yaml, setYaml] = createSignal<string | null>(null);
  const [upstream, setUpstream] = createSignal('');
  const [auth, setAuth] = createSignal('api_key');
  const [jwtSource, setJwtSource] = createSignal('');
  const [jwtMethod, setJwtMethod] = createSignal('hmac');
  const [status, setStatus] = createSignal('active');
  const [access, setAccess] = createSignal('external');
  const [endpoints, setEndpoints] = createSignal<Record<string, string>>({});
  const [gatewayUrl, setGatewayUrl] = createSignal('');
  const [error, setError] = createSignal('');
  const [info, setInfo] = createSignal('');
  const { busy, run } = useBusy();

  function show(api: Api) {
    setId(api.id);
    setName(api.name);
    setListenPath(api.listen_path);
    setYaml(api.stream ? api.yaml ?? '' : null);
    setUpstream(api.upstream_url);
    setAuth(api.authentication.type);
    setJwtSource(api.authentication.jwt_source ?? '');
    setJwtMethod(api.authentication.jwt_signing_method ?? 'hmac');
    setStatus(api.active ? 'active' : 'disabled');
    setAccess(api.internal ? 'internal' : 'external');
    setEndpoints(api.endpoints ?? {});
    setGatewayUrl(api.gateway_url ?? '');
  }

  onMount(async () => {
    if (flash) {
      setInfo(flash);
      flash = '';
    }
    if (props.id) {
      try {
        show(await get<Api>(`/api/apis/${encodeURIComponent(props.id)}`));
      } catch (e) {
        setError(message(e));
      }
    } else {
      const draft = loadDraft();
      if (!draft) {
        navigate('/streams', true);
        return;
      }
      setName(draft.name);
      setYaml(draft.yaml);
      setUpstream(draft.upstreamUrl);
    }
    setLoaded(true);
  });

  async function save(event: Event) {
    event.preventDefault();
    setError('');
    setInfo('');
    await run(async () => {
      const body = {
        name: name(),
        listen_path: listenPath(),
        yaml: yaml(),
        upstream_url: upstream(),
        active: status() === 'active',
        internal: access() === 'internal',
        authentication: { type: auth(), jwt_source: jwtSource(), jwt_signing_method: jwtMethod() },
      };
      try {
        const saved = id()
          ? await change<Api>('PUT', `/api/apis/${encodeURIComponent(id()!)}`, body)
          : await change<Api>('POST', '/api/apis', body);
        show(saved);
        setInfo(`API saved. API ID: ${saved.id}`);
        if (!props.id) {
          flash = `API saved. API ID: ${saved.id}`;
          navigate(`/apis/${encodeURIComponent(saved.id)}`, true);
        }
      } catch (e) {
        setError(message(e));
      }
    });
  }

  return (
    <>
      <h1>API Details{name() ? `: ${name()}` : ''}</h1>
      <Show when={id()} fallback={<p class="steps">Review the generated configuration, then Save API to create it.</p>}>
        <p>
          API ID: <code>{id()}</code>
        </p>
      </Show>
      <Notice error={error()} info={info()} />
      <Show when={loaded()}>
        <form onSubmit={save}>
          <div class="grid2">
            <TextField label="API name" value={name()} onInput={setName} required />
            <TextField label="Listen path" value={listenPath()} onInput={setListenPath} placeholder="/my-api/" hint="Empty: made from the name." />
          </div>
          <Show when={yaml() !== null} fallback={<TextField label="Upstream URL" type="url" value={upstream()} onInput={setUpstream} />}>
            <YamlEditor value={yaml() ?? ''} onInput={setYaml} />
          </Show>
          <RadioGroup legend="Authentication" name="auth" value={auth()} onChange={setAuth}
                      options={auth() === 'custom' ? [...AUTH, { value: 'custom', label: 'Custom (kept as defined)' }] : AUTH} />
          <Show when={auth() === 'jwt' || auth() === 'oauth2'}>
            <div class="grid2">
              <TextField label="Signing key, secret or JWKS URL" value={jwtSource()} onInput={setJwtSource}
                         hint="A base64 HMAC secret, a PEM public key, or the URL of a JWKS." />
              <SelectField label="Signing method" value={jwtMethod()} onChange={setJwtMethod}
                           options={[{ value: 'hmac', label: 'HMAC' }, { value: 'rsa', label: 'RSA' }, { value: 'ecdsa', label: 'ECDSA' }]} />
            </div>
          </Show>
          <div class="grid2">
            <RadioGroup legend="Gateway Status" name="status" value={status()} onChange={setStatus}
                        options={[{ value: 'active', label: 'Active' }, { value: 'disabled', label: 'Disabled' }]} />
            <RadioGroup legend="Access" name="access" value={access()} onChange={setAccess}
                        options={[{ value: 'internal', label: 'Internal' }, { value: 'external', label: 'External' }]} />
          </div>
          <div class="actions">
            <button type="submit" disabled={busy()}>
              Save API
            </button>
          </div>
        </form>
      </Show>
      <Show when={id() && Object.keys(endpoints()).length > 0}>
        <h2>Endpoints</h2>
        <dl class="pairs">
          <For each={Object.entries(endpoints())}>
            {([kind, value]) => (
              <>
                <dt>{ENDPOINT_NAMES[kind] ?? kind}</dt>
                <dd>
                  <code>{kind === 'webhook' ? value : endpointUrl(gatewayUrl(), listenPath(), value, kind)}</code>
                </dd>
              </>
            )}
          </For>
        </dl>
      </Show>
      <Show when={id() && yaml() !== null}>
        <LiveState apiId={id()!} />
      </Show>
    </>
  );
}

function endpointUrl(gateway: string, listenPath: string, path: string, kind: string): string {
  const base = gateway + listenPath.replace(/\/$/, '');
  return (kind.startsWith('websocket') ? base.replace(/^http/, 'ws') : base) + path;
}
