import { createMemo, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { change, get, message } from '../shared/api';
import { navigate } from '../shared/router';
import { Checkbox, Notice, RadioGroup, TextField, uid, useBusy } from '../shared/ui';
import { saveDraft } from './draft';
import { Catalog, ComponentSpec, initialValue } from './specs';
import { SpecForm } from './SpecForm';
import { YamlEditor } from './YamlEditor';

type Chosen = { spec: ComponentSpec; values: Record<string, unknown> };

/**
 * Streams & Events: a unique API name and the Streams option, Continue; then inputs, one processor and outputs, each
 * with a form generated from its spec (or Advanced: the YAML editor); Finish opens the API details page.
 */
export function Wizard() {
  const [step, setStep] = createSignal<1 | 2>(1);
  const [name, setName] = createSignal('');
  const [kind, setKind] = createSignal('streams');
  const [upstream, setUpstream] = createSignal('');
  const [error, setError] = createSignal('');
  const [catalog] = createResource(() => get<Catalog>('/api/components'));
  const [inputs, setInputs] = createSignal<Chosen[]>([]);
  const [processor, setProcessor] = createSignal<Chosen | null>(null);
  const [outputs, setOutputs] = createSignal<Chosen[]>([]);
  const [advanced, setAdvanced] = createSignal(false);
  const [yaml, setYaml] = createSignal('');
  const [filter, setFilter] = createSignal('');
  const { busy, run } = useBusy();

  function next(event: Event) {
    event.preventDefault();
    setError('');
    if (!name().trim()) {
      setError('Enter a unique API name.');
      return;
    }
    if (kind() === 'rest') {
      if (!upstream().trim()) {
        setError('Enter the upstream URL of the REST API.');
        return;
      }
      saveDraft({ name: name().trim(), yaml: null, upstreamUrl: upstream().trim() });
      navigate('/apis/new');
      return;
    }
    setStep(2);
  }

  function chosen(spec: ComponentSpec): Chosen {
    const values = spec.config.type === 'object' && spec.config.shape === 'scalar'
      ? (initialValue(spec.config) as Record<string, unknown>)
      : { '': initialValue(spec.config) };
    return { spec, values };
  }

  function toggle(list: () => Chosen[], set: (l: Chosen[]) => void, spec: ComponentSpec, on: boolean) {
    set(on ? [...list(), chosen(spec)] : list().filter((c) => c.spec.name !== spec.name));
  }

  function selection() {
    const plain = (c: Chosen) => ({ name: c.spec.name, config: c.spec.config.type === 'object' && c.spec.config.shape === 'scalar' ? c.values : c.values[''] });
    const p = processor();
    return { inputs: inputs().map(plain), processor: p ? plain(p) : null, outputs: outputs().map(plain) };
  }

  async function compose(): Promise<string> {
    const answer = await change<{ yaml: string }>('POST', '/api/streams/compose', selection());
    return answer.yaml;
  }

  async function showAdvanced(on: boolean) {
    setAdvanced(on);
    if (on && !yaml() && inputs().length > 0 && outputs().length > 0) {
      try {
        setYaml(await compose());
      } catch (e) {
        setError(message(e));
      }
    }
    if (on && !yaml()) setYaml('input:\n  generate:\n    interval: 1s\n    mapping: \'root = {"hello": "world"}\'\n\noutput:\n  http_server:\n    ws_path: /ws\n');
  }

  async function finish() {
    setError('');
    await run(async () => {
      try {
        let text = yaml();
        if (!advanced()) {
          if (inputs().length === 0 || outputs().length === 0) {
            setError('Choose at least one input and one output, or tick Advanced to write the YAML.');
            return;
          }
          text = await compose();
        }
        saveDraft({ name: name().trim(), yaml: text, upstreamUrl: '' });
        navigate('/apis/new');
      } catch (e) {
        setError(message(e));
      }
    });
  }

  const matches = (spec: ComponentSpec) => !filter() || spec.name.includes(filter().toLowerCase()) || spec.summary.toLowerCase().includes(filter().toLowerCase());

  return (
    <>
      <h1>Streams &amp; Events</h1>
      <Switch>
        <Match when={step() === 1}>
          <p class="steps">Step 1 of 2: name the API and choose its kind.</p>
          <form onSubmit={next}>
            <TextField label="API name" value={name()} onInput={setName} required hint="A unique name; the API's id and listen path are made from it." />
            <RadioGroup legend="API type" name="api-type" value={kind()} onChange={setKind}
                        options={[{ value: 'streams', label: 'Streams' }, { value: 'rest', label: 'REST (proxy to an upstream)' }]} />
            <Show when={kind() === 'rest'}>
              <TextField label="Upstream URL" type="url" value={upstream()} onInput={setUpstream} placeholder="https://api.example.com" />
            </Show>
            <Notice error={error()} />
            <button type="submit">Continue</button>
          </form>
        </Match>
        <Match when={step() === 2}>
          <p class="steps">Step 2 of 2: configure the stream of <strong>{name()}</strong>.</p>
          <Checkbox label="Advanced" checked={advanced()} onChange={showAdvanced} hint="Write the stream's YAML yourself instead of using the forms." />
          <Show when={catalog()} fallback={<p>Loading components…</p>}>
            <Show when={!advanced()} fallback={<YamlEditor value={yaml()} onInput={setYaml} />}>
              <TextField label="Filter components" value={filter()} onInput={setFilter} hint="Narrows the lists below by name or summary." />
              <Picker legend="Inputs" hint="Select one or more data sources." specs={catalog()!.inputs.filter(matches)} isChosen={(s) => inputs().some((c) => c.spec.name === s.name)}
                      onToggle={(s, on) => toggle(inputs, setInputs, s, on)} />
              <ProcessorPicker specs={catalog()!.processors} value={processor()?.spec.name ?? ''}
                               onChange={(n) => setProcessor(n ? chosen(catalog()!.processors.find((p) => p.name === n)!) : null)} />
              <Picker legend="Outputs" hint="Define one or more output destinations." specs={catalog()!.outputs.filter(matches)} isChosen={(s) => outputs().some((c) => c.spec.name === s.name)}
                      onToggle={(s, on) => toggle(outputs, setOutputs, s, on)} />
              <For each={inputs()}>{(c) => <ComponentForm role="Input" chosen={c} />}</For>
              <Show when={processor()}>{(p) => <ComponentForm role="Processor" chosen={p()} />}</Show>
              <For each={outputs()}>{(c) => <ComponentForm role="Output" chosen={c} />}</For>
            </Show>
          </Show>
          <Notice error={error()} />
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setStep(1)}>
              Back
            </button>
            <button type="button" onClick={finish} disabled={busy()}>
              Finish
            </button>
          </div>
        </Match>
      </Switch>
    </>
  );
}

function Picker(props: { legend: string; hint: string; specs: ComponentSpec[]; isChosen: (s: ComponentSpec) => boolean; onToggle: (s: ComponentSpec, on: boolean) => void }) {
  const hintId = uid('picker');
  return (
    <fieldset aria-describedby={hintId}>
      <legend>{props.legend}</legend>
      <p class="hint" id={hintId}>
        {props.hint}
      </p>
      <div class="picker">
        <For each={props.specs}>
          {(spec) => {
            const id = uid('pick');
            return (
              <div class="choice-row">
                <input id={id} type="checkbox" checked={props.isChosen(spec)} aria-describedby={`${id}-summary`}
                       onChange={(e) => props.onToggle(spec, e.currentTarget.checked)} />
                <label for={id}>{spec.name}</label>
                <span class="hidden" id={`${id}-summary`}>
                  {spec.summary}
                </span>
              </div>
            );
          }}
        </For>
      </div>
    </fieldset>
  );
}

function ProcessorPicker(props: { specs: ComponentSpec[]; value: string; onChange: (name: string) => void }) {
  const id = uid('processor');
  const summary = createMemo(() => props.specs.find((s) => s.name === props.value)?.summary ?? 'Messages pass through unchanged.');
  return (
    <div class="field">
      <label for={id}>Processor</label>
      <select id={id} aria-describedby={`${id}-hint`} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="" selected={props.value === ''}>
          None
        </option>
        <For each={props.specs}>{(s) => <option value={s.name} selected={s.name === props.value}>{s.name}</option>}</For>
      </select>
      <p class="hint" id={`${id}-hint`}>
        {summary()}
      </p>
    </div>
  );
}

function ComponentForm(props: { role: string; chosen: Chosen }) {
  const config = props.chosen.spec.config.type === 'object' && props.chosen.spec.config.shape === 'scalar'
    ? props.chosen.spec.config
    : { ...props.chosen.spec.config, name: props.chosen.spec.name };
  return (
    <fieldset>
      <legend>
        {props.role}: {props.chosen.spec.name}
      </legend>
      <p class="hint">{props.chosen.spec.summary}</p>
      <SpecForm config={config} values={props.chosen.values} onScalar={(v) => (props.chosen.values[''] = v)} />
    </fieldset>
  );
}
