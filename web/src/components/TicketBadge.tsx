import type { Registration } from "../api/types";
import { STATE_LABEL, stateOf } from "../tickets";

export function TicketBadge({ registration }: { registration: Registration }) {
  const state = stateOf(registration);
  return <span className={`tag tag-${state}`} data-testid="ticket-status">{STATE_LABEL[state]}</span>;
}
