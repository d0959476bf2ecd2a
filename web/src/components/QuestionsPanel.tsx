// The organiser's questions on the manage page: what buyers are asked, once per order or of each
// attendee; ask one more, or stop asking one (answers given stay, in the export).
import { useState } from "react";
import { useForm } from "react-hook-form";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { useChangeQuestion, useQuestions } from "../api/queries";
import type { EventRecord, Question, QuestionFields, QuestionPatch } from "../api/types";
import { placeFieldErrors } from "../forms";
import { Field } from "./Field";
import { Problem } from "./Problem";

type Kind = QuestionFields["kind"];

const KINDS = defineMessages({
  short_text: { id: "question.kind.short_text", defaultMessage: "Short text" },
  long_text: { id: "question.kind.long_text", defaultMessage: "Long text" },
  single_choice: { id: "question.kind.single_choice", defaultMessage: "One of several choices" },
  multiple_choice: { id: "question.kind.multiple_choice", defaultMessage: "Some of several choices" },
  checkbox: { id: "question.kind.checkbox", defaultMessage: "A box to tick" },
  number: { id: "question.kind.number", defaultMessage: "A whole number" },
}) satisfies Record<Kind, unknown>;

interface NewQuestion {
  label: string;
  kind: Kind;
  choices: string; // one a line
  required: boolean;
  perAttendee: boolean;
}

export function QuestionsPanel({ event }: { event: EventRecord }) {
  const asked = useQuestions(event.id);
  const change = useChangeQuestion(event.id);
  const intl = useIntl();
  const form = useForm<NewQuestion>({ defaultValues: { label: "", kind: "short_text", choices: "", required: false, perAttendee: false } });
  const kind = form.watch("kind");
  const errors = form.formState.errors;
  const choosing = kind === "single_choice" || kind === "multiple_choice";
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title"><FormattedMessage id="questions.title" defaultMessage="Questions to buyers" /></h2>
      <ul>
        {(asked.data?.items ?? []).map((q) => (
          <li key={q.id}>{q.label} <span className="muted">· {intl.formatMessage(KINDS[q.kind])}
            {q.choices.length > 0 && <> ({q.choices.join(", ")})</>}
            {q.required && <> · <FormattedMessage id="question.required" defaultMessage="(required)" /></>}
            {" · "}{q.per_attendee ? <FormattedMessage id="questions.each" defaultMessage="of each attendee" />
              : <FormattedMessage id="questions.once" defaultMessage="once per order" />}</span>{" "}
            <button type="button" className="secondary" disabled={change.isPending} onClick={() => change.mutate({ remove: q.id })}>
              <FormattedMessage id="questions.remove" defaultMessage="Stop asking" /></button>
            <Reword question={q} onSave={(changes) => change.mutate({ edit: { id: q.id, changes } })} busy={change.isPending} /></li>
        ))}
      </ul>
      <Problem error={asked.error ?? change.error} />
      <form noValidate aria-labelledby="questions-add" onSubmit={form.handleSubmit((values) => change.mutate(
        { fields: { label: values.label.trim(), kind: values.kind, required: values.required, per_attendee: values.perAttendee,
          choices: choosing ? values.choices.split("\n").map((c) => c.trim()).filter(Boolean) : [] } },
        { onSuccess: () => form.reset(), onError: (error) => placeFieldErrors(error, form.setError, ["label", "choices"] as const) },
      ))}>
        <h3 id="questions-add"><FormattedMessage id="questions.add" defaultMessage="Ask a question" /></h3>
        <Field label={intl.formatMessage({ id: "questions.label", defaultMessage: "Question" })} error={errors.label?.message}>
          {(p) => <input {...p} maxLength={200} {...form.register("label", {
            required: intl.formatMessage({ id: "questions.labelRequired", defaultMessage: "Write the question: Any dietary needs?" }) })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "questions.kind", defaultMessage: "Answered with" })}>
          {(p) => <select {...p} {...form.register("kind")}>
            {(Object.keys(KINDS) as Kind[]).map((k) => <option key={k} value={k}>{intl.formatMessage(KINDS[k])}</option>)}
          </select>}
        </Field>
        {choosing && <Field label={intl.formatMessage({ id: "questions.choices", defaultMessage: "Choices, one a line" })} error={errors.choices?.message}>
          {(p) => <textarea {...p} rows={3} {...form.register("choices", {
            required: intl.formatMessage({ id: "questions.choicesRequired", defaultMessage: "List the choices" }) })} />}
        </Field>}
        <label className="check"><input type="checkbox" {...form.register("required")} />
          <FormattedMessage id="questions.requiredBox" defaultMessage="Must be answered" /></label>
        <label className="check"><input type="checkbox" {...form.register("perAttendee")} />
          <FormattedMessage id="questions.eachBox" defaultMessage="Ask each attendee (not once per order)" /></label>
        <button type="submit" disabled={change.isPending}><FormattedMessage id="questions.addButton" defaultMessage="Add question" /></button>
      </form>
    </section>
  );
}

/** Change a question once asked: its words, whether it must be answered, its choices (its kind
 * and whom it is asked of stay: answers were given to them). */
function Reword({ question, onSave, busy }: { question: Question; onSave: (changes: QuestionPatch) => void; busy: boolean }) {
  const intl = useIntl();
  const choosing = question.choices.length > 0;
  const form = useForm({ defaultValues: { label: question.label, required: question.required, choices: question.choices.join("\n") } });
  const [open, setOpen] = useState(false); // its fields exist only while open: one "Question" field on the page
  return (
    <details className="reword" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary><FormattedMessage id="questions.change" defaultMessage="Change" /></summary>
      {open && <form noValidate onSubmit={form.handleSubmit((values) => onSave({ label: values.label.trim(), required: values.required,
        ...(choosing ? { choices: values.choices.split("\n").map((c) => c.trim()).filter(Boolean) } : {}) }))}>
        <Field label={intl.formatMessage({ id: "questions.label", defaultMessage: "Question" })}>
          {(p) => <input {...p} {...form.register("label", { required: true })} />}
        </Field>
        {choosing && <Field label={intl.formatMessage({ id: "questions.choices", defaultMessage: "Choices, one a line" })}>
          {(p) => <textarea {...p} rows={3} {...form.register("choices")} />}
        </Field>}
        <label className="check"><input type="checkbox" {...form.register("required")} />
          <FormattedMessage id="questions.requiredBox" defaultMessage="Must be answered" /></label>
        <button type="submit" disabled={busy}><FormattedMessage id="questions.save" defaultMessage="Save question" /></button>
      </form>}
    </details>
  );
}
