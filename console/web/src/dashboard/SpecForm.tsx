import { For, Show } from 'solid-js';
import { uid } from '../shared/ui';
import { FieldSpec, formFields } from './specs';

/**
 * A form generated from a component's spec. Values are written into {@code values} (a plain object the wizard sends
 * to the server to compose the YAML): text, numbers, booleans, lists (one per line) and maps (key: value per line).
 */
export function SpecForm(props: { config: FieldSpec; values: Record<string, unknown>; onScalar?: (v: unknown) => void }) {
  const fields = () => (props.config.type === 'object' && props.config.shape === 'scalar' ? formFields(props.config) : []);
  return (
    <Show
      when={props.config.type === 'object' && props.config.shape === 'scalar'}
      fallback={<FieldInput field={{ ...props.config, name: props.config.name || 'value' }} value={props.values['']} set={(v) => props.onScalar?.(v)} />}
    >
      <Show when={fields().length > 0} fallback={<p class="hint">No settings needed here; tick Advanced to edit everything as YAML.</p>}>
        <For each={fields()}>{(f) => <FieldInput field={f} value={props.values[f.name]} set={(v) => (props.values[f.name] = v)} />}</For>
      </Show>
    </Show>
  );
}

function FieldInput(props: { field: FieldSpec; value: unknown; set: (value: unknown) => void }) {
  const f = props.field;
  const id = uid('spec');
  const hint = [f.description, f.example !== undefined ? `Example: ${display(f.example)}` : ''].filter(Boolean).join(' ');
  const describedBy = hint ? `${id}-hint` : undefined;
  const label = (
    <label for={id}>
      {f.name}
      <Show when={f.required}>
        <span class="required" aria-hidden="true"> *</span>
      </Show>
    </label>
  );
  const hintLine = (
    <Show when={hint}>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </Show>
  );

  if (f.type === 'object' && f.shape === 'scalar') {
    const nested = (props.value as Record<string, unknown>) ?? {};
    props.set(nested);
    return (
      <fieldset>
        <legend>{f.name}</legend>
        <For each={formFields(f)}>{(child) => <FieldInput field={child} value={nested[child.name]} set={(v) => (nested[child.name] = v)} />}</For>
      </fieldset>
    );
  }
  if (f.shape === 'array') {
    return (
      <div class="field">
        {label}
        <textarea id={id} aria-describedby={describedBy} rows={3}
                  value={Array.isArray(props.value) ? (props.value as unknown[]).join('\n') : ''}
                  onInput={(e) => props.set(lines(e.currentTarget.value).map((v) => (f.type === 'int' || f.type === 'float' ? Number(v) : v)))} />
        <p class="hint">One per line.</p>
        {hintLine}
      </div>
    );
  }
  if (f.shape === 'map') {
    const text = props.value && typeof props.value === 'object' ? Object.entries(props.value as object).map(([k, v]) => `${k}: ${v}`).join('\n') : '';
    return (
      <div class="field">
        {label}
        <textarea id={id} aria-describedby={describedBy} rows={3} value={text}
                  onInput={(e) => props.set(Object.fromEntries(lines(e.currentTarget.value).map((l) => {
                    const at = l.indexOf(':');
                    return at < 0 ? [l.trim(), ''] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
                  })))} />
        <p class="hint">One "key: value" per line.</p>
        {hintLine}
      </div>
    );
  }
  if (f.type === 'bool') {
    return (
      <div class="field">
        <div class="choice-row">
          <input id={id} type="checkbox" checked={props.value === true} aria-describedby={describedBy} onChange={(e) => props.set(e.currentTarget.checked)} />
          {label}
        </div>
        {hintLine}
      </div>
    );
  }
  if (f.options && f.options.length > 0) {
    return (
      <div class="field">
        {label}
        <select id={id} aria-describedby={describedBy} onChange={(e) => props.set(e.currentTarget.value)}>
          <Show when={props.value === undefined}>
            <option value="">(choose)</option>
          </Show>
          <For each={f.options}>{(o) => <option value={o} selected={o === props.value}>{o}</option>}</For>
        </select>
        {hintLine}
      </div>
    );
  }
  if (f.type === 'int' || f.type === 'float') {
    return (
      <div class="field">
        {label}
        <input id={id} type="number" step={f.type === 'int' ? '1' : 'any'} value={props.value === undefined ? '' : String(props.value)}
               aria-describedby={describedBy} required={f.required}
               onInput={(e) => props.set(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />
        {hintLine}
      </div>
    );
  }
  if (f.type === 'bloblang') {
    return (
      <div class="field">
        {label}
        <textarea id={id} class="code" rows={4} spellcheck={false} aria-describedby={describedBy} required={f.required}
                  value={typeof props.value === 'string' ? props.value : ''} onInput={(e) => props.set(e.currentTarget.value)} />
        {hintLine}
      </div>
    );
  }
  return (
    <div class="field">
      {label}
      <input id={id} type="text" value={props.value === undefined ? '' : String(props.value)} aria-describedby={describedBy}
             required={f.required} placeholder={f.example !== undefined ? display(f.example) : undefined}
             onInput={(e) => props.set(e.currentTarget.value)} />
      {hintLine}
    </div>
  );
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
