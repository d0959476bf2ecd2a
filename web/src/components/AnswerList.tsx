// What a buyer answered to an event's questions, beside each question (the order page).
import { useIntl } from "react-intl";

import { useQuestions } from "../api/queries";
import type { Answer, Answers } from "../api/types";

function said(answer: Answer, yes: string, no: string): string {
  if (Array.isArray(answer)) return answer.join(", ");
  if (typeof answer === "boolean") return answer ? yes : no;
  return String(answer);
}

export function AnswerList({ eventId, answers }: { eventId: string; answers: Answers | undefined }) {
  const questions = useQuestions(eventId).data?.items ?? [];
  const intl = useIntl();
  const given = questions.filter((q) => answers && q.id in answers);
  if (!answers || given.length === 0) return null;
  const yes = intl.formatMessage({ id: "answers.yes", defaultMessage: "Yes" });
  const no = intl.formatMessage({ id: "answers.no", defaultMessage: "No" });
  return (
    <dl className="figures answers" aria-label={intl.formatMessage({ id: "answers.title", defaultMessage: "Your answers" })}>
      {given.map((q) => <div key={q.id}><dt>{q.label}</dt><dd>{said(answers[q.id]!, yes, no)}</dd></div>)}
    </dl>
  );
}
