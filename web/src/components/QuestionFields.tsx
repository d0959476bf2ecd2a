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

function Field({ question, value, onChange }: { question: Question; value: Answer | undefined; onChange: (v: Answer) => void }) {
  const id = useId();
  switch (question.kind) {
    case "long_text":
      return <div className="field"><Label question={question} htmlFor={id} />
        <textarea id={id} rows={3} maxLength={2000} value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)} /></div>;
    case "number":
      return <div className="field"><Label question={question} htmlFor={id} />
        <input id={id} type="number" inputMode="numeric" step={1} value={typeof value === "number" ? value : ""}
          onChange={(e) => onChange(e.target.value === "" ? "" : Math.trunc(Number(e.target.value)))} /></div>;
    case "checkbox":
      return <p className="check"><input id={id} type="checkbox" checked={value === true}
        onChange={(e) => onChange(e.target.checked)} /><Label question={question} htmlFor={id} /></p>;
    case "single_choice":
      return <div className="field"><Label question={question} htmlFor={id} />
        <select id={id} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {question.choices.map((c) => <option key={c} value={c}>{c}</option>)}
        </select></div>;
    case "multiple_choice": {
      const picked = Array.isArray(value) ? value : [];
      return <fieldset><Label question={question} />
        {question.choices.map((c) => <label key={c} className="check"><input type="checkbox" checked={picked.includes(c)}
          onChange={(e) => onChange(e.target.checked ? [...picked, c] : picked.filter((p) => p !== c))} /> {c}</label>)}
      </fieldset>;
    }
    default:
      return <div className="field"><Label question={question} htmlFor={id} />
        <input id={id} maxLength={200} value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)} /></div>;
  }
}

export function QuestionFields({ questions, answers, onChange }:
  { questions: readonly Question[]; answers: Answers; onChange: (answers: Answers) => void }) {
  return <>{questions.map((q) => <Field key={q.id} question={q} value={answers[q.id]}
    onChange={(v) => onChange({ ...answers, [q.id]: v })} />)}</>;
}
