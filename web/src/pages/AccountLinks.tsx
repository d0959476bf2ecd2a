// The pages a mailed link opens (docs/mail.md): forgot password, set a new one, confirm the
// address, take a new address, stop a kind of mail. Each works signed out: the link's token is the proof.
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId } from "react";
import { useForm } from "react-hook-form";
import { FormattedMessage, useIntl } from "react-intl";
import { Link, useNavigate, useSearchParams } from "react-router";

import { api } from "../api/client";
import { Field } from "../components/Field";
import { Problem } from "../components/Problem";
import { placeFieldErrors } from "../forms";
import { ROUTES } from "../paths";
import { useSession } from "../session";

function useToken(): string {
  const [params] = useSearchParams();
  return params.get("token") ?? "";
}

export function ForgotPasswordPage() {
  const form = useForm<{ email: string }>();
  const intl = useIntl();
  const ask = useMutation({
    mutationFn: (body: { email: string }) => api<{ detail: string }>("/auth/password-reset", { method: "POST", body }),
  });
  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title"><FormattedMessage id="signIn.forgot" defaultMessage="Forgot your password?" /></h1>
      {ask.isSuccess ? (
        <p className="success" role="status">{ask.data.detail} <FormattedMessage id="forgot.sent" defaultMessage="Check your inbox; the link works for one hour." /></p>
      ) : (
        <form noValidate onSubmit={form.handleSubmit((values) => ask.mutate(values))}>
          <p><FormattedMessage id="forgot.hint" defaultMessage="Type the email of your account: we mail you a link to set a new password." /></p>
          <Field label={intl.formatMessage({ id: "field.email", defaultMessage: "Email" })} error={form.formState.errors.email?.message}>
            {(props) => <input {...props} type="email" autoComplete="email"
              {...form.register("email", { required: intl.formatMessage({ id: "field.email.required", defaultMessage: "Enter your email" }) })} />}
          </Field>
          <Problem error={ask.error} />
          <button type="submit" disabled={ask.isPending}><FormattedMessage id="forgot.button" defaultMessage="Mail me a link" /></button>
        </form>
      )}
      <p><Link to={ROUTES.signIn}><FormattedMessage id="forgot.back" defaultMessage="Back to sign in" /></Link></p>
    </section>
  );
}

export function ResetPasswordPage() {
  const token = useToken();
  const navigate = useNavigate();
  const { close } = useSession();
  const form = useForm<{ password: string }>();
  const intl = useIntl();
  const reset = useMutation({
    mutationFn: (body: { password: string }) =>
      api<void>("/auth/password-reset/confirm", { method: "POST", body: { token, password: body.password } }),
    onSuccess: () => {
      close("password_set"); // every session ended with it, this browser's too
      navigate(ROUTES.signIn, { replace: true });
    },
    onError: (error) => placeFieldErrors(error, form.setError, ["password"] as const),
  });
  return (
    <section aria-labelledby="reset-title">
      <h1 id="reset-title"><FormattedMessage id="reset.title" defaultMessage="Set a new password" /></h1>
      <form noValidate onSubmit={form.handleSubmit((values) => reset.mutate(values))}>
        <Field label={intl.formatMessage({ id: "account.newPassword", defaultMessage: "New password" })} error={form.formState.errors.password?.message}
          hint={<FormattedMessage id="signUp.password.hint" defaultMessage="At least 8 characters. A few unrelated words make a strong password." />}>
          {(props) => <input {...props} type="password" autoComplete="new-password"
            {...form.register("password", {
              required: intl.formatMessage({ id: "signUp.password.required", defaultMessage: "Choose a password" }),
              minLength: { value: 8, message: intl.formatMessage({ id: "signUp.password.short", defaultMessage: "Use at least 8 characters" }) },
            })} />}
        </Field>
        <Problem error={reset.error} />
        <button type="submit" disabled={reset.isPending || !token}><FormattedMessage id="reset.button" defaultMessage="Set password" /></button>
      </form>
      <p><Link to={ROUTES.forgotPassword}><FormattedMessage id="reset.again" defaultMessage="Ask for a new link" /></Link></p>
    </section>
  );
}

/** A page whose link acts once, on arrival (with the token of its query), and says how it went. */
function OnArrival<T>({ title, path, working, done, after }: {
  title: ReactNode;
  path: string;
  working: ReactNode;
  done: (answer: T) => ReactNode;
  after?: ReactNode;
}) {
  const token = useToken();
  const act = useMutation({ mutationFn: () => api<T>(path, { method: "POST", body: { token } }) });
  const { mutate } = act;
  useEffect(() => {
    if (token) mutate();
  }, [token, mutate]);
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h1 id={id}>{title}</h1>
      {act.isPending && <p role="status">{working}</p>}
      {act.isSuccess && <p className="success" role="status">{done(act.data)}</p>}
      <Problem error={act.error} />
      {after}
    </section>
  );
}

export function VerifyEmailPage() {
  return <OnArrival<{ email_verified: boolean }> title={<FormattedMessage id="verify.title" defaultMessage="Confirm your address" />} path="/auth/verify-email"
    working={<FormattedMessage id="verify.working" defaultMessage="Confirming…" />} done={() => <FormattedMessage id="verify.done" defaultMessage="Your address is confirmed. Thank you." />}
    after={<p><Link to={ROUTES.events}><FormattedMessage id="app.browseEvents" defaultMessage="Browse events" /></Link></p>} />;
}

export function ChangeEmailPage() {
  return <OnArrival<{ email: string; email_verified: boolean }> title={<FormattedMessage id="changeEmail.title" defaultMessage="Your new address" />}
    path="/auth/change-email" working={<FormattedMessage id="changeEmail.working" defaultMessage="Changing…" />}
    done={(answer) => <FormattedMessage id="changeEmail.done" defaultMessage="Your account signs in with {email} from now on." values={{ email: answer.email }} />}
    after={<p><Link to={ROUTES.account}><FormattedMessage id="changeEmail.account" defaultMessage="Your account" /></Link></p>} />;
}

export function UnsubscribePage() {
  return <OnArrival<{ mail_reminders: boolean; mail_announcements: boolean }> title={<FormattedMessage id="unsubscribe.title" defaultMessage="Unsubscribe" />}
    path="/mail/unsubscribe" working={<FormattedMessage id="unsubscribe.working" defaultMessage="Unsubscribing…" />} done={() => <>
      <FormattedMessage id="unsubscribe.done" defaultMessage="Done: you get no more of these mails. Tickets, receipts and security notices still come." />{" "}
      <Link to={ROUTES.account}><FormattedMessage id="unsubscribe.settings" defaultMessage="Your mail settings" /></Link></>} />;
}
