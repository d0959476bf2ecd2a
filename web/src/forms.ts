import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { fieldErrors } from "./problems";

/** Puts each field error the API named beside its field; says whether any was placed. */
export function placeFieldErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>,
  fields: readonly Path<T>[], rename: Partial<Record<string, Path<T>>> = {}): boolean {
  let placed = false;
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const target = rename[field] ?? (fields.includes(field as Path<T>) ? (field as Path<T>) : null);
    if (target) {
      setError(target, { type: "server", message });
      placed = true;
    }
  }
  return placed;
}
