import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { FormattedMessage, useIntl } from "react-intl";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";

import { api } from "../api/client";
import type { SignedIn, User } from "../api/types";
import { Field } from "../components/Field";
import { NameFields } from "../components/NameFields";
import { Problem } from "../components/Problem";
import { placeFieldErrors } from "../forms";
import { useLanguage } from "../i18n";
import { ROUTES, to } from "../paths";
import { useSession } from "../session";

function useNext(): string {
  const [params] = useSearchParams();
  const next = params.get("next") ?? ROUTES.events;
  return next.startsWith("/") && !next.startsWith("//") ? next : ROUTES.events; // never off-site
}

interface Credentials {
  email: string;
  password: string;
}

export function SignInPage() {
  const intl = useIntl();
  const { session, signIn, ended } = useSession();
  const next = useNext();
  const navigate = useNavigate();
  const form = useForm<Credentials>();
  const login = useMutation({
    mutationFn: (credentials: Credentials) => api<SignedIn>("/auth/login", { method: "POST", body: credentials }),
    onSuccess: (signedIn) => {
      signIn(signedIn);
      navigate(next, { replace: true });
    },
  });
  if (session) return <Navigate to={next} replace />;
  return (
    <section aria-labelledby="signin-title">
      <h1 id="signin-title"><FormattedMessage id="signIn.title" defaultMessage="Sign in" /></h1>
      {ended === "expired" && <p className="notice" role="status">
        <FormattedMessage id="signIn.expired" defaultMessage="Your session has ended. Sign in again to go on." /></p>}
      {ended === "signed_out" && <p className="notice" role="status">
        <FormattedMessage id="signIn.signedOut" defaultMessage="You are signed out on every device." /></p>}
      {ended === "password_set" && <p className="notice" role="status">
        <FormattedMessage id="signIn.passwordSet" defaultMessage="Your new password is set. Sign in with it." /></p>}
      {ended === "deleted" && <p className="notice" role="status">
        <FormattedMessage id="signIn.deleted" defaultMessage="Your account is deleted. Goodbye." /></p>}
      <form noValidate onSubmit={form.handleSubmit((values) => login.mutate(values))}>
        <Field label={intl.formatMessage({ id: "field.email", defaultMessage: "Email" })} error={form.formState.errors.email?.message}>
          {(props) => <input {...props} type="email" autoComplete="email"
            {...form.register("email", { required: intl.formatMessage({ id: "field.email.required", defaultMessage: "Enter your email" }) })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "field.password", defaultMessage: "Password" })} error={form.formState.errors.password?.message}>
          {(props) => <input {...props} type="password" autoComplete="current-password"
            {...form.register("password", { required: intl.formatMessage({ id: "field.password.required", defaultMessage: "Enter your password" }) })} />}
        </Field>
        <Problem error={login.error} />
        <button type="submit" disabled={login.isPending}>{login.isPending
          ? intl.formatMessage({ id: "signIn.busy", defaultMessage: "Signing in…" })
          : intl.formatMessage({ id: "signIn.button", defaultMessage: "Sign in" })}</button>
      </form>
      <p><Link to={ROUTES.forgotPassword}><FormattedMessage id="signIn.forgot" defaultMessage="Forgot your password?" /></Link></p>
      <p><FormattedMessage id="signIn.new" defaultMessage="New here? <link>Create an account</link>"
        values={{ link: (chunks) => <Link to={to.signUp(next)}>{chunks}</Link> }} /></p>
    </section>
  );
}

interface NewAccount extends Credentials {
  username: string;
  first_name: string;
  last_name: string;
}

const ACCOUNT_FIELDS = ["email", "password", "username", "first_name", "last_name"] as const;

export function SignUpPage() {
  const intl = useIntl();
  const { language } = useLanguage();
  const { session, signIn } = useSession();
  const next = useNext();
  const navigate = useNavigate();
  const form = useForm<NewAccount>();
  const errors = form.formState.errors;
  const signUp = useMutation({
    mutationFn: async (account: NewAccount) => {
      // the language they sign up in is their mail's, from the address's confirmation on
      await api<User>("/auth/register", { method: "POST", body: { ...account, language } });
      return api<SignedIn>("/auth/login", { method: "POST", body: { email: account.email, password: account.password } });
    },
    onSuccess: (signedIn) => {
      signIn(signedIn);
      navigate(next, { replace: true });
    },
    onError: (error) => placeFieldErrors(error, form.setError, ACCOUNT_FIELDS),
  });
  if (session) return <Navigate to={next} replace />;
  const placed = ACCOUNT_FIELDS.some((name) => errors[name]?.type === "server");
  return (
    <section aria-labelledby="signup-title">
      <h1 id="signup-title"><FormattedMessage id="signUp.title" defaultMessage="Create an account" /></h1>
      <form noValidate onSubmit={form.handleSubmit((values) => signUp.mutate(values))}>
        <Field label={intl.formatMessage({ id: "field.email", defaultMessage: "Email" })} error={errors.email?.message}>
          {(props) => <input {...props} type="email" autoComplete="email"
            {...form.register("email", { required: intl.formatMessage({ id: "field.email.required", defaultMessage: "Enter your email" }) })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "field.password", defaultMessage: "Password" })} error={errors.password?.message}
          hint={intl.formatMessage({ id: "signUp.password.hint", defaultMessage: "At least 8 characters. A few unrelated words make a strong password." })}>
          {(props) => <input {...props} type="password" autoComplete="new-password"
            {...form.register("password", {
              required: intl.formatMessage({ id: "signUp.password.required", defaultMessage: "Choose a password" }),
              minLength: { value: 8, message: intl.formatMessage({ id: "signUp.password.short", defaultMessage: "Use at least 8 characters" }) },
            })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "field.username", defaultMessage: "Username" })} error={errors.username?.message}
          hint={intl.formatMessage({ id: "signUp.username.hint", defaultMessage: "3 to 30 letters, digits, dots, dashes or underscores." })}>
          {(props) => <input {...props} autoComplete="username"
            {...form.register("username", {
              required: intl.formatMessage({ id: "signUp.username.required", defaultMessage: "Choose a username" }),
              pattern: { value: /^[A-Za-z0-9_.-]{3,30}$/,
                message: intl.formatMessage({ id: "signUp.username.pattern", defaultMessage: "Use 3 to 30 letters, digits, dots, dashes or underscores" }) },
            })} />}
        </Field>
        <NameFields form={form} />
        {!placed && <Problem error={signUp.error} />}
        <button type="submit" disabled={signUp.isPending}>{signUp.isPending
          ? intl.formatMessage({ id: "signUp.busy", defaultMessage: "Creating…" })
          : intl.formatMessage({ id: "signUp.button", defaultMessage: "Create account" })}</button>
      </form>
      <p><FormattedMessage id="signUp.have" defaultMessage="Have an account? <link>Sign in</link>"
        values={{ link: (chunks) => <Link to={ROUTES.signIn}>{chunks}</Link> }} /></p>
    </section>
  );
}
