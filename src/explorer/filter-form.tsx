/** The search forms of the lists: a draft applied on submit (so typing sends no query), and a time range. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

type TextKeys<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

export function useDraft<T extends object>(initial: T) {
  const [draft, setDraft] = useState(initial);
  const bind = (k: TextKeys<T>) => ({
    value: draft[k] as string,
    onInput: (e: Event) => setDraft((d) => ({ ...d, [k]: (e.currentTarget as HTMLInputElement).value })),
  });
  /** Sets one member of the draft (inputs other than text: checkboxes). */
  const set = <K extends keyof T>(k: K, value: T[K]) => setDraft((d) => ({ ...d, [k]: value }));
  return { draft, bind, set };
}

export function FilterForm(props: { label: string; onApply(): void; children: ComponentChildren; actions?: ComponentChildren }) {
  const submit = (e: Event) => {
    e.preventDefault();
    props.onApply();
  };
  return (
    <form class="filters" role="search" aria-label={props.label} onSubmit={submit}>
      {props.children}
      <div class="actions">
        <button type="submit">Apply</button>
        {props.actions}
      </div>
    </form>
  );
}

/** `datetime-local` inputs "<label> after" / "<label> before", bound to a draft's `from` and `to`. */
export function TimeRange({ label, bind }: { label: string; bind(k: 'from' | 'to'): { value: string; onInput(e: Event): void } }) {
  return (
    <>
      <label>
        {label} after
        <input type="datetime-local" {...bind('from')} />
      </label>
      <label>
        {label} before
        <input type="datetime-local" {...bind('to')} />
      </label>
    </>
  );
}
