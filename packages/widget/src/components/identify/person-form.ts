import { checkPerson, type PersonField } from '@borica-identify/protocol/validate';
import type { html as Html, nothing as Nothing, TemplateResult } from 'lit';
import type { Translation } from '../../i18n/translation.ts';

/**
 * The B-Trust MOBILE details form of open start, with its checks (EGN/LNC checksums, the EGN's birth
 * date against the date field, E.164 phone, e-mail). A chunk of its own: only that flow loads it.
 */
export type Person = Record<PersonField, string>;

/** The person as sent: stray spaces (pasted numbers) are not the customer's mistake. */
export const clean = (p: Person): Person =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.trim()])) as Person;

export const problems = (p: Person) => checkPerson(clean(p));

// a plain string (the build squeezes `css` templates): with Lit's `css` here, Lit would leave the main file
const css = String.raw;
/** The form's rules, added to the shadow root with the form: pages without it never download them. */
export const formStyles = css`
  [part~='form'] {
    display: grid;
    gap: 0.75rem;
    margin: 1rem 0;
    border: 0;
    padding: 0;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    font-size: 0.875rem;
  }
  input,
  select {
    font: inherit;
    min-height: 44px;
    border-radius: calc(var(--_r) * 0.6);
    box-sizing: border-box;
    width: 100%;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_mu);
    background: var(--_bg);
    color: var(--_fg);
  }
  [aria-invalid='true'] {
    border-color: var(--_er);
  }
  [part~='field-error'] {
    color: var(--_er);
    font-size: 0.875rem;
    margin: 0.25rem 0 0;
  }
`;

// Lit's `html` and `nothing` come from the caller: importing Lit here would make the bundler move Lit out
// of the main file into a chunk shared with this one.
export const personForm = (
  { html, nothing }: { html: typeof Html; nothing: typeof Nothing },
  t: Translation,
  p: Person,
  touched: Set<string>,
  /** Fields the relay refused although these checks pass them. */
  refused: Set<string>,
  /** Sets a field's value (unless undefined), and marks it as judged when `touch`. */
  set: (name: string, value: string | undefined, touch: boolean) => void,
): TemplateResult => {
  const bad = problems(p);
  const edit = (e: Event) => {
    const i = e.target as HTMLInputElement;
    // a select has no "typing": its choice is final, so judge it (and the id against it) at once
    set(i.name, i.value, i.localName === 'select');
  };
  const leave = (e: Event) => {
    const i = e.target as HTMLInputElement;
    if (i.value) set(i.name, undefined, true);
  };
  const field = (name: PersonField, control: TemplateResult, hint?: string) => {
    const b = touched.has(name) ? bad[name] || (refused.has(name) ? 'rejected' : undefined) : undefined;
    return html`<div part="field">
      <label part="label" for=${name}>${t[name]}</label>
      ${control} ${hint ? html`<p part="hint" id=${name + '-h'}>${hint}</p>` : nothing}
      <p part="field-error" id=${name + '-e'}>${b ? t.problems[b] : ''}</p>
    </div>`;
  };
  const input = (name: PersonField, type: string, auto: string, hint?: string, mode = '') =>
    field(
      name,
      html`<input
        part="input"
        id=${name}
        name=${name}
        type=${type}
        autocomplete=${auto}
        inputmode=${mode || nothing}
        .value=${p[name]}
        aria-invalid=${touched.has(name) && !!(bad[name] || refused.has(name))}
        aria-describedby=${(hint ? name + '-h ' : '') + name + '-e'}
        required
        @input=${edit}
        @blur=${leave}
      />`,
      hint,
    );
  return html`<fieldset part="form">
    <legend part="label">${t.details}</legend>
    ${field(
      'idType',
      html`<select part="input" id="idType" name="idType" @change=${edit}>
        <option value="EGN" ?selected=${p.idType === 'EGN'}>${t.egn}</option>
        <option value="LNC" ?selected=${p.idType === 'LNC'}>${t.lnc}</option>
      </select>`,
    )}
    ${input('id', 'text', 'off', undefined, 'numeric')} ${input('dateOfBirth', 'date', 'bday')}
    ${input('phone', 'tel', 'tel', t.phoneHint)} ${input('email', 'email', 'email')}
  </fieldset>`;
};
