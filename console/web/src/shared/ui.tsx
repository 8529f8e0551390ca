import { createEffect, createSignal, For, JSX, onCleanup, Show } from 'solid-js';

let ids = 0;
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A message for screen readers and eyes: errors are alerts, the rest polite status updates. */
export function Notice(props: { error?: string; info?: string }) {
  return (
    <>
      <div role="alert" class="notice error" classList={{ hidden: !props.error }}>
        {props.error}
      </div>
      <div role="status" class="notice info" classList={{ hidden: !props.info }}>
        {props.info}
      </div>
    </>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  hint?: string;
  required?: boolean;
  placeholder?: string;
  autocomplete?: string;
  name?: string;
}) {
  const id = uid('field');
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        <Show when={props.required}>
          <span class="required" aria-hidden="true"> *</span>
        </Show>
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        placeholder={props.placeholder}
        autocomplete={props.autocomplete as any}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
    </div>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  hint?: string;
}) {
  const id = uid('select');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} aria-describedby={props.hint ? `${id}-hint` : undefined} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
    </div>
  );
}

export function RadioGroup(props: {
  legend: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <fieldset class="radios">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label class="choice">
          <input type="radio" name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string }) {
  const id = uid('check');
  return (
    <div class="choice-row">
      <input id={id} type="checkbox" checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined}
             onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      </Show>
    </div>
  );
}

/** A modal dialog (the native element: focus is trapped and Escape closes it). */
export function Dialog(props: { title: string; open: boolean; onClose: () => void; children: JSX.Element }) {
  let dialog!: HTMLDialogElement;
  const titleId = uid('dialog-title');
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={() => props.onClose()}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

/** Runs {@code task} now and every {@code millis} while the component is shown. */
export function every(millis: number, task: () => void) {
  task();
  const timer = window.setInterval(task, millis);
  onCleanup(() => window.clearInterval(timer));
}

export function formatTime(millis: number): string {
  if (!millis) return '—';
  return new Date(millis).toLocaleString();
}

export function useBusy() {
  const [busy, setBusy] = createSignal(false);
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (busy()) return undefined;
    setBusy(true);
    try {
      return await work();
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}

/** A read-only text box with a label (a key shown once): selectable and copyable, announced by its label. */
export function ReadOnly(props: { label: string; value: string }) {
  const id = uid('readonly');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input id={id} type="text" readonly value={props.value} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

/**
 * Adding one item to a list page: an "Add <noun>" button while closed; while open, a form with a heading, the fields
 * given as children, and its submit and Cancel buttons.
 */
export function AddForm(props: {
  noun: string;
  heading: string;
  open: boolean;
  onOpen: () => void;
  onCancel: () => void;
  onSubmit: (event: Event) => void;
  submitLabel: string;
  submitDisabled?: boolean;
  children: JSX.Element;
}) {
  const headingId = uid('add-form');
  return (
    <>
      <Show when={!props.open}>
        <div class="actions">
          <button type="button" onClick={() => props.onOpen()}>
            Add {props.noun}
          </button>
        </div>
      </Show>
      <Show when={props.open}>
        <form onSubmit={(event) => props.onSubmit(event)} aria-labelledby={headingId}>
          <h2 id={headingId}>{props.heading}</h2>
          {props.children}
          <div class="actions">
            <button type="submit" disabled={props.submitDisabled}>
              {props.submitLabel}
            </button>
            <button type="button" class="secondary" onClick={() => props.onCancel()}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </>
  );
}

/**
 * The table of a list page: "Loading…" until the items come, one row per item (the children render it, ending with
 * a cell of actions, whose header only screen readers hear), and the {@code empty} line when there are none.
 */
export function ItemTable<T>(props: { columns: string[]; items: T[] | undefined; empty: string; children: (item: T) => JSX.Element }) {
  return (
    <Show when={props.items} fallback={<p>Loading…</p>}>
      <table>
        <thead>
          <tr>
            <For each={props.columns}>{(column) => <th scope="col">{column}</th>}</For>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items} fallback={<tr><td colspan={props.columns.length + 1}>{props.empty}</td></tr>}>
            {props.children}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
