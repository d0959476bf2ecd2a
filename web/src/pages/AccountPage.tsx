import { useForm } from "react-hook-form";
import { FormattedMessage, useIntl } from "react-intl";

import { useProfile, useUpdateProfile } from "../api/queries";
import type { User } from "../api/types";
import { DeleteAccount, EmailForm, ExportData, Interests, MailSettings, PasswordForm, Verification } from "../components/AccountSettings";
import { Appearance } from "../components/Appearance";
import { Field } from "../components/Field";
import { NameFields } from "../components/NameFields";
import { Loading, Problem } from "../components/Problem";
import { placeFieldErrors } from "../forms";
import { useSession } from "../session";

type Values = Pick<User, "first_name" | "last_name" | "username">;
const FIELDS = ["first_name", "last_name", "username"] as const;

export default function AccountPage() {
  const profile = useProfile();
  const { signOut } = useSession();
  const intl = useIntl();
  if (profile.isPending) return <Loading what={intl.formatMessage({ id: "account.loading", defaultMessage: "Loading your profile" })} />;
  if (profile.isError) return <Problem error={profile.error} />;
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title"><FormattedMessage id="nav.account" defaultMessage="Account" /></h1>
      <p><FormattedMessage id="account.signedInAs" defaultMessage="Signed in as <b>{email}</b>"
        values={{ email: profile.data.email, b: (words) => <strong>{words}</strong> }} /></p>
      <Verification user={profile.data} />
      <ProfileForm user={profile.data} />
      <Interests user={profile.data} />
      <MailSettings user={profile.data} />
      <Appearance />
      <EmailForm />
      <PasswordForm />
      <ExportData />
      <h2><FormattedMessage id="account.signOut" defaultMessage="Sign out" /></h2>
      <p><FormattedMessage id="account.signOutHint" defaultMessage="Signing out ends your session on every device." /></p>
      <button type="button" className="secondary" onClick={() => void signOut()}><FormattedMessage id="account.signOut" defaultMessage="Sign out" /></button>
      <DeleteAccount />
    </section>
  );
}

function ProfileForm({ user }: { user: User }) {
  const form = useForm<Values>({ defaultValues: { first_name: user.first_name, last_name: user.last_name, username: user.username } });
  const update = useUpdateProfile();
  const errors = form.formState.errors;
  const intl = useIntl();
  return (
    <form noValidate onSubmit={form.handleSubmit((values) => {
      const changes = Object.fromEntries(Object.entries(values).filter(([key, value]) => user[key as keyof Values] !== value));
      if (Object.keys(changes).length) {
        update.mutate(changes, { onError: (error) => placeFieldErrors(error, form.setError, FIELDS) });
      }
    })}>
      <Field label={intl.formatMessage({ id: "field.username", defaultMessage: "Username" })} error={errors.username?.message}>
        {(p) => <input {...p} autoComplete="username" {...form.register("username", { required: intl.formatMessage({ id: "signUp.username.required", defaultMessage: "Choose a username" }) })} />}
      </Field>
      <NameFields form={form} />
      <Problem error={update.error} />
      {update.isSuccess && <p className="success" role="status"><FormattedMessage id="account.saved" defaultMessage="Saved." /></p>}
      <button type="submit" disabled={update.isPending}><FormattedMessage id="account.saveProfile" defaultMessage="Save profile" /></button>
    </form>
  );
}
