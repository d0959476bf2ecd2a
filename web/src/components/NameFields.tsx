import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

import { Field } from "./Field";

interface Names {
  first_name: string;
  last_name: string;
}

/** A person's first and last name, side by side: the sign-up and profile forms' shared fields. */
export function NameFields<T extends FieldValues & Names>({ form }: { form: UseFormReturn<T> }) {
  const errors = form.formState.errors as Partial<Record<keyof Names, { message?: string }>>;
  return (
    <div className="row">
      <Field label="First name" error={errors.first_name?.message}>
        {(p) => <input {...p} autoComplete="given-name" {...form.register("first_name" as Path<T>, { required: "Enter your first name" })} />}
      </Field>
      <Field label="Last name" error={errors.last_name?.message}>
        {(p) => <input {...p} autoComplete="family-name" {...form.register("last_name" as Path<T>, { required: "Enter your last name" })} />}
      </Field>
    </div>
  );
}
