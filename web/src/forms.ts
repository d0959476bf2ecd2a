import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { fieldErrors } from "./problems";

/** Puts each field error the API named beside its field, in the form's words (`words`: the
 * API's field names as the form says them); says whether any was placed. */
export function placeFieldErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>,
  fields: readonly Path<T>[], rename: Partial<Record<string, Path<T>>> = {},
  words: Record<string, string> = {}): boolean {
  let placed = false;
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const target = rename[field] ?? (fields.includes(field as Path<T>) ? (field as Path<T>) : null);
    if (target) {
      setError(target, { type: "server", message: inWords(message, words) });
      placed = true;
    }
  }
  return placed;
}

/** "must be after starts_at" -> "Must be after the start". */
export function inWords(message: string, words: Record<string, string>): string {
  let said = message;
  for (const [name, word] of Object.entries(words)) said = said.split(name).join(word);
  return said.charAt(0).toUpperCase() + said.slice(1);
}
