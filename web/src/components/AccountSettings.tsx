// The account page's settings beyond the profile (docs/mail.md): the address's confirmation and
// change, which mail to get, the password, a copy of one's data, and deleting the account.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormattedMessage, useIntl } from "react-intl";

import { api, download } from "../api/client";
import { keys, useUpdateProfile } from "../api/queries";
import type { Category, SignedIn, User } from "../api/types";
import { CATEGORIES } from "../categories";
import { placeFieldErrors } from "../forms";
import { useSession } from "../session";
import { Field } from "./Field";
import { Problem } from "./Problem";

export function Verification({ user }: { user: User }) {
  const client = useQueryClient();
  const resend = useMutation({
    mutationFn: () => api<{ detail: string }>("/profile/email-verification", { method: "POST" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.profile }),
  });
  if (user.email_verified) return <p className="success"><FormattedMessage id="account.confirmed" defaultMessage="Your address is confirmed." /></p>;
  return (
    <div className="notice" role="note">
      <p><FormattedMessage id="account.pleaseConfirm" defaultMessage="Please confirm your address with the link we mailed you, so that tickets and receipts reach you." /></p>
      {resend.isSuccess ? <p role="status"><FormattedMessage id="account.linkSent" defaultMessage="A new link is on its way." /></p> : (
        <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
          <FormattedMessage id="account.mailAgain" defaultMessage="Mail the link again" />
        </button>
      )}
      <Problem error={resend.error} />
    </div>
  );
}

export function MailSettings({ user }: { user: User }) {
  const update = useUpdateProfile();
  const toggle = (name: "mail_reminders" | "mail_announcements") => (event: React.ChangeEvent<HTMLInputElement>) =>
    update.mutate({ [name]: event.target.checked });
  return (
    <fieldset>
      <legend><FormattedMessage id="account.mail" defaultMessage="Mail" /></legend>
      <p className="hint"><FormattedMessage id="account.mailAlways" defaultMessage="Tickets, receipts, changes to your events and security notices always come." /></p>
      <label className="check">
        <input type="checkbox" checked={user.mail_reminders ?? true} onChange={toggle("mail_reminders")} disabled={update.isPending} />
        {" "}<FormattedMessage id="account.mailReminders" defaultMessage="A reminder the day before an event" />
      </label>
      <label className="check">
        <input type="checkbox" checked={user.mail_announcements ?? true} onChange={toggle("mail_announcements")} disabled={update.isPending} />
        {" "}<FormattedMessage id="account.mailAnnouncements" defaultMessage="Messages from the organizers of events I go to" />
      </label>
      <Problem error={update.error} />
      {update.isSuccess && <p className="success" role="status"><FormattedMessage id="account.saved" defaultMessage="Saved." /></p>}
    </fieldset>
  );
}

interface EmailChange {
  email: string;
  password: string;
}

export function EmailForm() {
  const form = useForm<EmailChange>();
  const intl = useIntl();
  const errors = form.formState.errors;
  const change = useMutation({
    mutationFn: (body: EmailChange) => api<{ detail: string }>("/profile/email", { method: "POST", body }),
    onSuccess: () => form.reset(),
    onError: (error) => placeFieldErrors(error, form.setError, ["email", "password"] as const),
  });
  return (
    <form noValidate aria-labelledby="email-title" onSubmit={form.handleSubmit((values) => change.mutate(values))}>
      <h2 id="email-title"><FormattedMessage id="account.emailTitle" defaultMessage="Email address" /></h2>
      <Field label={intl.formatMessage({ id: "account.newEmail", defaultMessage: "New email" })} error={errors.email?.message}
        hint={<FormattedMessage id="account.newEmailHint" defaultMessage="We mail a link to it; nothing changes until you open it." />}>
        {(p) => <input {...p} type="email" autoComplete="email" {...form.register("email", { required: intl.formatMessage({ id: "account.newEmailRequired", defaultMessage: "Enter the new address" }) })} />}
      </Field>
      <Field label={intl.formatMessage({ id: "account.yourPassword", defaultMessage: "Your password" })} error={errors.password?.message}>
        {(p) => <input {...p} type="password" autoComplete="current-password"
          {...form.register("password", { required: intl.formatMessage({ id: "account.passwordToConfirm", defaultMessage: "Enter your password to confirm" }) })} />}
      </Field>
      <Problem error={change.error} />
      {change.isSuccess && <p className="success" role="status">{change.data.detail}</p>}
      <button type="submit" disabled={change.isPending}><FormattedMessage id="account.changeEmail" defaultMessage="Change email" /></button>
    </form>
  );
}

interface PasswordChange {
  current_password: string;
  new_password: string;
}

export function PasswordForm() {
  const { signIn } = useSession();
  const form = useForm<PasswordChange>();
  const intl = useIntl();
  const errors = form.formState.errors;
  const change = useMutation({
    mutationFn: (body: PasswordChange) => api<SignedIn>("/profile/password", { method: "POST", body }),
    onSuccess: (signedIn) => {
      signIn(signedIn); // every other session ended; this one goes on with its new token
      form.reset();
    },
    onError: (error) => placeFieldErrors(error, form.setError, ["current_password", "new_password"] as const),
  });
  return (
    <form noValidate aria-labelledby="password-title" onSubmit={form.handleSubmit((values) => change.mutate(values))}>
      <h2 id="password-title"><FormattedMessage id="field.password" defaultMessage="Password" /></h2>
      <Field label={intl.formatMessage({ id: "account.currentPassword", defaultMessage: "Current password" })} error={errors.current_password?.message}>
        {(p) => <input {...p} type="password" autoComplete="current-password"
          {...form.register("current_password", { required: intl.formatMessage({ id: "account.currentPasswordRequired", defaultMessage: "Enter your current password" }) })} />}
      </Field>
      <Field label={intl.formatMessage({ id: "account.newPassword", defaultMessage: "New password" })} error={errors.new_password?.message}
        hint={<FormattedMessage id="account.newPasswordHint" defaultMessage="Changing it signs out every other device." />}>
        {(p) => <input {...p} type="password" autoComplete="new-password"
          {...form.register("new_password", {
            required: intl.formatMessage({ id: "account.newPasswordRequired", defaultMessage: "Choose a new password" }),
            minLength: { value: 8, message: intl.formatMessage({ id: "signUp.password.short", defaultMessage: "Use at least 8 characters" }) },
          })} />}
      </Field>
      <Problem error={change.error} />
      {change.isSuccess && <p className="success" role="status"><FormattedMessage id="account.passwordChanged" defaultMessage="Your password is changed." /></p>}
      <button type="submit" disabled={change.isPending}><FormattedMessage id="account.changePassword" defaultMessage="Change password" /></button>
    </form>
  );
}

export function ExportData() {
  const save = useMutation({ mutationFn: () => download("/profile/export", "my-events-data.json") });
  return (
    <>
      <h2><FormattedMessage id="account.data" defaultMessage="Your data" /></h2>
      <p><FormattedMessage id="account.dataHint" defaultMessage="A copy of everything we keep about you: profile, tickets, payments, reviews and notifications (JSON)." /></p>
      <button type="button" className="secondary" disabled={save.isPending} onClick={() => save.mutate()}>
        <FormattedMessage id="account.download" defaultMessage="Download my data" />
      </button>
      <Problem error={save.error} />
    </>
  );
}

export function DeleteAccount() {
  const { close } = useSession();
  const [sure, setSure] = useState(false);
  const form = useForm<{ password: string }>();
  const intl = useIntl();
  const remove = useMutation({
    mutationFn: (body: { password: string }) => api<void>("/profile", { method: "DELETE", body }),
    onSuccess: () => close("deleted"),
    onError: (error) => placeFieldErrors(error, form.setError, ["password"] as const),
  });
  return (
    <form noValidate aria-labelledby="delete-title" onSubmit={form.handleSubmit((values) => remove.mutate(values))}>
      <h2 id="delete-title"><FormattedMessage id="account.delete" defaultMessage="Delete account" /></h2>
      <p><FormattedMessage id="account.deleteHint" defaultMessage="Your tickets to events still to come are given back (refunded as each event allows), your personal data is erased and you cannot sign in any more. Reviews you wrote stay, signed by “a former member”. This cannot be undone." /></p>
      <Field label={intl.formatMessage({ id: "field.password", defaultMessage: "Password" })} error={form.formState.errors.password?.message}>
        {(p) => <input {...p} type="password" autoComplete="current-password"
          {...form.register("password", { required: intl.formatMessage({ id: "account.passwordToConfirm", defaultMessage: "Enter your password to confirm" }) })} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={sure} onChange={(event) => setSure(event.target.checked)} />
        {" "}<FormattedMessage id="account.understand" defaultMessage="I understand that this deletes my account for good" />
      </label>
      <Problem error={remove.error} />
      <button type="submit" className="danger" disabled={!sure || remove.isPending}><FormattedMessage id="account.deleteButton" defaultMessage="Delete my account" /></button>
    </form>
  );
}

interface InterestValues {
  categories: string[];
  tags: string; // commas between them
  personalised: boolean;
}

/** What the person wants to be shown more of; off, lists come in everyone's order. */
export function Interests({ user }: { user: User }) {
  const update = useUpdateProfile();
  const intl = useIntl();
  const form = useForm<InterestValues>({ defaultValues: {
    categories: user.interest_categories ?? [], tags: (user.interest_tags ?? []).join(", "),
    personalised: user.personalised ?? true } });
  return (
    <form noValidate aria-labelledby="interests-title" onSubmit={form.handleSubmit((values) => update.mutate({
      interest_categories: values.categories as Category[],
      interest_tags: values.tags.split(",").map((t) => t.trim()).filter(Boolean),
      personalised: values.personalised,
    }, { onError: (error) => placeFieldErrors(error, form.setError, ["tags"] as const) }))}>
      <h2 id="interests-title"><FormattedMessage id="account.interests" defaultMessage="Interests" /></h2>
      <fieldset>
        <legend><FormattedMessage id="account.categories" defaultMessage="Categories" /></legend>
        <div className="checks">
          {Object.entries(CATEGORIES).map(([value, label]) => (
            <label key={value} className="check"><input type="checkbox" value={value} {...form.register("categories")} /> {intl.formatMessage(label)}</label>
          ))}
        </div>
      </fieldset>
      <Field label={intl.formatMessage({ id: "account.tags", defaultMessage: "Tags you follow" })} error={form.formState.errors.tags?.message}
        hint={<FormattedMessage id="account.tagsHint" defaultMessage="Up to 5, separated by commas" />}>
        {(p) => <input {...p} {...form.register("tags")} />}
      </Field>
      <label className="check">
        <input type="checkbox" {...form.register("personalised")} /> <FormattedMessage id="account.personalised" defaultMessage="Order events for me from my interests and what I attend" />
      </label>
      <Problem error={update.error} />
      {update.isSuccess && <p className="success" role="status"><FormattedMessage id="account.saved" defaultMessage="Saved." /></p>}
      <button type="submit" disabled={update.isPending}><FormattedMessage id="account.saveInterests" defaultMessage="Save interests" /></button>
    </form>
  );
}
