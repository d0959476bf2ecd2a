import { Link } from "react-router";

import { usePerson } from "../api/queries";
import { to } from "../paths";

/** "First Last" (with "(@username)" when `handle`, a link to their events when `organizer`),
 * the id until the profile has loaded. */
export function PersonName({ uid, handle = false, organizer = false }: { uid: string; handle?: boolean; organizer?: boolean }) {
  const person = usePerson(uid).data;
  if (!person) return <>{uid}</>;
  const at = `@${person.username}`;
  return <>{person.first_name} {person.last_name}{handle && <> ({organizer ? <Link to={to.organizer(person.username)}>{at}</Link> : at})</>}</>;
}
