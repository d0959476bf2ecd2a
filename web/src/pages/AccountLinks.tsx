// The pages a mailed link opens (docs/mail.md): forgot password, set a new one, confirm the
// address, take a new address, stop a kind of mail. Each works signed out: the link's token is the proof.
import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
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
  const ask = useMutation({
    mutationFn: (body: { email: string }) => api<{ detail: string }>("/auth/password-reset", { method: "POST", body }),
  });
  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      {ask.isSuccess ? (
        <p className="success" role="status">{ask.data.detail} Check your inbox; the link works for one hour.</p>
      ) : (
        <form noValidate onSubmit={form.handleSubmit((values) => ask.mutate(values))}>
          <p>Type the email of your account: we mail you a link to set a new password.</p>
          <Field label="Email" error={form.formState.errors.email?.message}>
            {(props) => <input {...props} type="email" autoComplete="email"
              {...form.register("email", { required: "Enter your email" })} />}
          </Field>
          <Problem error={ask.error} />
          <button type="submit" disabled={ask.isPending}>Mail me a link</button>
        </form>
      )}
      <p><Link to={ROUTES.signIn}>Back to sign in</Link></p>
    </section>
  );
}

export function ResetPasswordPage() {
  const token = useToken();
  const navigate = useNavigate();
  const { close } = useSession();
  const form = useForm<{ password: string }>();
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
      <h1 id="reset-title">Set a new password</h1>
      <form noValidate onSubmit={form.handleSubmit((values) => reset.mutate(values))}>
        <Field label="New password" error={form.formState.errors.password?.message}
          hint="At least 8 characters; a few unrelated words are strong and easy to remember.">
          {(props) => <input {...props} type="password" autoComplete="new-password"
            {...form.register("password", { required: "Choose a password", minLength: { value: 8, message: "At least 8 characters" } })} />}
        </Field>
        <Problem error={reset.error} />
        <button type="submit" disabled={reset.isPending || !token}>Set password</button>
      </form>
      <p><Link to={ROUTES.forgotPassword}>Ask for a new link</Link></p>
    </section>
  );
}

/** Opens the link's action once, on arrival, and says how it went. */
function useOnArrival<T>(path: string) {
  const token = useToken();
  const act = useMutation({ mutationFn: () => api<T>(path, { method: "POST", body: { token } }) });
  const { mutate } = act;
  useEffect(() => {
    if (token) mutate();
  }, [token, mutate]);
  return act;
}

export function VerifyEmailPage() {
  const verify = useOnArrival<{ email_verified: boolean }>("/auth/verify-email");
  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm your address</h1>
      {verify.isPending && <p role="status">Confirming…</p>}
      {verify.isSuccess && <p className="success" role="status">Your address is confirmed. Thank you.</p>}
      <Problem error={verify.error} />
      <p><Link to={ROUTES.events}>Browse events</Link></p>
    </section>
  );
}

export function ChangeEmailPage() {
  const change = useOnArrival<{ email: string; email_verified: boolean }>("/auth/change-email");
  return (
    <section aria-labelledby="change-email-title">
      <h1 id="change-email-title">Your new address</h1>
      {change.isPending && <p role="status">Changing…</p>}
      {change.isSuccess && <p className="success" role="status">Your account signs in with {change.data.email} from now on.</p>}
      <Problem error={change.error} />
      <p><Link to={ROUTES.account}>Your account</Link></p>
    </section>
  );
}

export function UnsubscribePage() {
  const stop = useOnArrival<{ mail_reminders: boolean; mail_announcements: boolean }>("/mail/unsubscribe");
  return (
    <section aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">Unsubscribe</h1>
      {stop.isPending && <p role="status">Unsubscribing…</p>}
      {stop.isSuccess && <p className="success" role="status">Done: you get no more of these mails. Tickets, receipts
        and security notices still come. <Link to={ROUTES.account}>Your mail settings</Link></p>}
      <Problem error={stop.error} />
    </section>
  );
}
