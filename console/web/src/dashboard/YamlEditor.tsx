import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { change, message } from '../shared/api';
import { uid } from '../shared/ui';

type Problem = { line: number; column: number; path: string; message: string };

/**
 * The stream's YAML in a plain textarea (typed or pasted text, readable by screen readers), linted by the server
 * as you type: each problem at its line:column, from the same specs and checks the gateway applies on save.
 */
export function YamlEditor(props: { value: string; onInput: (value: string) => void }) {
  const id = uid('yaml');
  const [problems, setProblems] = createSignal<Problem[] | null>(null);
  const [lintError, setLintError] = createSignal('');
  let timer: number | undefined;
  let latest = 0;

  async function lint(text: string) {
    const ticket = ++latest;
    try {
      const answer = await change<{ problems: Problem[] }>('POST', '/api/streams/lint', { yaml: text });
      if (ticket === latest) {
        setProblems(answer.problems);
        setLintError('');
      }
    } catch (e) {
      if (ticket === latest) setLintError(message(e));
    }
  }

  createEffect(on(() => props.value, (text) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => lint(text), 250);
  }));
  onCleanup(() => window.clearTimeout(timer));

  return (
    <div class="field yaml-field">
      <label for={id}>YAML</label>
      <textarea id={id} class="code yaml" spellcheck={false} autocomplete="off" value={props.value}
                aria-describedby={`${id}-lint`} onInput={(e) => props.onInput(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
                    // two spaces, as YAML wants; Shift+Tab and Escape-then-Tab still leave the editor
                    e.preventDefault();
                    const t = e.currentTarget;
                    const start = t.selectionStart;
                    t.setRangeText('  ', start, t.selectionEnd, 'end');
                    props.onInput(t.value);
                  }
                }} />
      <div id={`${id}-lint`} aria-live="polite">
        <Show when={lintError()}>
          <p class="bad">Lint is not available: {lintError()}</p>
        </Show>
        <Show when={problems()}>
          <ul class="lint" aria-label="Lint problems">
            <For each={problems()!} fallback={<li class="clean">No problems found.</li>}>
              {(p) => (
                <li>
                  {p.line}:{p.column} {p.path ? `${p.path}: ` : ''}
                  {p.message}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </div>
  );
}
