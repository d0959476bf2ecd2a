import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useIntl } from "react-intl";

import { Field } from "./Field";

interface Names {
  first_name: string;
  last_name: string;
}

/** A person's first and last name, side by side: the sign-up and profile forms' shared fields. */
export function NameFields<T extends FieldValues & Names>({ form }: { form: UseFormReturn<T> }) {
  const intl = useIntl();
  const errors = form.formState.errors as Partial<Record<keyof Names, { message?: string }>>;
  return (
    <div className="row">
      <Field label={intl.formatMessage({ id: "field.firstName", defaultMessage: "First name" })} error={errors.first_name?.message}>
        {(p) => <input {...p} autoComplete="given-name" {...form.register("first_name" as Path<T>,
          { required: intl.formatMessage({ id: "field.firstName.required", defaultMessage: "Enter your first name" }) })} />}
      </Field>
      <Field label={intl.formatMessage({ id: "field.lastName", defaultMessage: "Last name" })} error={errors.last_name?.message}>
        {(p) => <input {...p} autoComplete="family-name" {...form.register("last_name" as Path<T>,
          { required: intl.formatMessage({ id: "field.lastName.required", defaultMessage: "Enter your last name" }) })} />}
      </Field>
    </div>
  );
}
