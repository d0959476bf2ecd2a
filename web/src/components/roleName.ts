// A role on an event's team (docs/team.md), as people read it.
import type { IntlShape } from "react-intl";

export function roleName(role: string, intl: IntlShape): string {
  if (role === "owner") return intl.formatMessage({ id: "team.owner", defaultMessage: "Organiser" });
  if (role === "manager") return intl.formatMessage({ id: "team.manager", defaultMessage: "Manager" });
  return intl.formatMessage({ id: "team.door", defaultMessage: "Door" });
}
