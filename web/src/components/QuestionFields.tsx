// What an event asks, as a buyer answers it: a field per question, of its kind (docs/orders.md,
// "Questions"). The server checks every answer again; a refusal names the question's field.
import { useId } from "react";
import { FormattedMessage } from "react-intl";

import type { Answer, Answers, Question } from "../api/types";

/** The answers to send: the empty ones left out (the server says which required ones lack). */
export function given(answers: Answers): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== "" && v !== undefined
    && !(Array.isArray(v) && v.length === 0) && v !== false));
}

function Label({ question, htmlFor }: { question: Question; htmlFor?: string }) {
  const text = <>{question.label}{question.required && <> <span className="muted">
    <FormattedMessage id="question.required" defaultMessage="(required)" /></span></>}</>;
  return htmlFor ? <label htmlFor={htmlFor}>{text}</label> : <legend>{text}</legend>;
}

function Field({ question, value, onChange, error }:
  { question: Question; value: Answer | undefined; onChange: (v: Answer) => void; error: string | undefined }) {
  const id = useId();
  // the server's refusal of this answer, beside it (and named by the control it is about)
  const said = error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
  const refusal = error && <small id={`${id}-error`} className="field-error">{error}</small>;
  switch (question.kind) {
    case "long_text":
      return <div className="field"><Label question={question} htmlFor={id} />
        <textarea id={id} rows={3} maxLength={2000} value={typeof value === "string" ? value : ""} {...said}
          onChange={(e) => onChange(e.target.value)} />{refusal}</div>;
    case "number":
      return <div className="field"><Label question={question} htmlFor={id} />
        <input id={id} type="number" inputMode="numeric" step={1} value={typeof value === "number" ? value : ""} {...said}
          onChange={(e) => onChange(e.target.value === "" ? "" : Math.trunc(Number(e.target.value)))} />{refusal}</div>;
    case "checkbox":
      return <p className="check"><input id={id} type="checkbox" checked={value === true} {...said}
        onChange={(e) => onChange(e.target.checked)} /><Label question={question} htmlFor={id} />{refusal}</p>;
    case "single_choice":
      return <div className="field"><Label question={question} htmlFor={id} />
        <select id={id} value={typeof value === "string" ? value : ""} {...said} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {question.choices.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>{refusal}</div>;
    case "multiple_choice": {
      const picked = Array.isArray(value) ? value : [];
      return <fieldset {...said}><Label question={question} />
        {question.choices.map((c) => <label key={c} className="check"><input type="checkbox" checked={picked.includes(c)}
          onChange={(e) => onChange(e.target.checked ? [...picked, c] : picked.filter((p) => p !== c))} /> {c}</label>)}
        {refusal}</fieldset>;
    }
    default:
      return <div className="field"><Label question={question} htmlFor={id} />
        <input id={id} maxLength={200} value={typeof value === "string" ? value : ""} {...said}
          onChange={(e) => onChange(e.target.value)} />{refusal}</div>;
  }
}

/** The server's refusals of the answers under `prefix` ("answers", "attendees.1.answers"), by
 * question id. */
export function refusalsAt(refused: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(refused).filter(([field]) => field.startsWith(`${prefix}.`))
    .map(([field, message]) => [field.slice(prefix.length + 1), message]));
}

export function QuestionFields({ questions, answers, onChange, refused = {} }:
  { questions: readonly Question[]; answers: Answers; onChange: (answers: Answers) => void; refused?: Record<string, string> }) {
  return <>{questions.map((q) => <Field key={q.id} question={q} value={answers[q.id]} error={refused[q.id]}
    onChange={(v) => onChange({ ...answers, [q.id]: v })} />)}</>;
}
