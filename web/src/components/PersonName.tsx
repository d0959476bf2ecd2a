import { usePerson } from "../api/queries";

/** "First Last" (with "(@username)" when `handle`), the id until the profile has loaded. */
export function PersonName({ uid, handle = false }: { uid: string; handle?: boolean }) {
  const person = usePerson(uid).data;
  if (!person) return <>{uid}</>;
  return <>{person.first_name} {person.last_name}{handle && ` (@${person.username})`}</>;
}
