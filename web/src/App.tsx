import { lazy, Suspense } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { Link, Navigate, NavLink, Outlet, Route, Routes, useLocation } from "react-router";

import { useProfile, useUnreadCount, useUpdateProfile, UNREAD_SHOWN } from "./api/queries";
import { Loading } from "./components/Problem";
import { LanguagePicker, useProfileLanguage } from "./i18n";
import { useLiveNotifications } from "./live";
import { EventsPage } from "./pages/EventsPage";
import { SignInPage, SignUpPage } from "./pages/SignIn";
import { API_DOCS, ROUTES, to } from "./paths";
import { useSession } from "./session";

// Pages beyond the first view load when first visited, keeping the initial download small.
const EventPage = lazy(() => import("./pages/EventPage"));
const EventFormPage = lazy(() => import("./pages/EventFormPage"));
const ManagePage = lazy(() => import("./pages/ManagePage"));
const TicketsPage = lazy(() => import("./pages/TicketsPage"));
const TicketPage = lazy(() => import("./pages/TicketPage"));
const OrderPage = lazy(() => import("./pages/OrderPage"));
const InboxPage = lazy(() => import("./pages/InboxPage"));
const JoinTeamPage = lazy(() => import("./pages/JoinTeamPage"));
const AccountPage = lazy(() => import("./pages/AccountPage"));
const OrganizerPage = lazy(() => import("./pages/OrganizerPage"));
const links = () => import("./pages/AccountLinks");
const ForgotPasswordPage = lazy(() => links().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => links().then((m) => ({ default: m.ResetPasswordPage })));
const VerifyEmailPage = lazy(() => links().then((m) => ({ default: m.VerifyEmailPage })));
const ChangeEmailPage = lazy(() => links().then((m) => ({ default: m.ChangeEmailPage })));
const UnsubscribePage = lazy(() => links().then((m) => ({ default: m.UnsubscribePage })));

export function App() {
  return (
    <Routes>
      <Route path={ROUTES.signIn} element={<Bare><SignInPage /></Bare>} />
      <Route path={ROUTES.signUp} element={<Bare><SignUpPage /></Bare>} />
      {/* the pages mailed links open: signed in or not */}
      <Route path={ROUTES.forgotPassword} element={<Bare><ForgotPasswordPage /></Bare>} />
      <Route path={ROUTES.resetPassword} element={<Bare><ResetPasswordPage /></Bare>} />
      <Route path={ROUTES.verifyEmail} element={<Bare><VerifyEmailPage /></Bare>} />
      <Route path={ROUTES.changeEmail} element={<Bare><ChangeEmailPage /></Bare>} />
      <Route path={ROUTES.unsubscribe} element={<Bare><UnsubscribePage /></Bare>} />
      {/* an event's page is for anyone: a shared link must not ask a visitor to sign in first */}
      <Route element={<Shell />}>
        <Route path={ROUTES.event} element={<EventPage />} />
        <Route path={ROUTES.organizer} element={<OrganizerPage />} />
      </Route>
      <Route element={<SignedIn />}>
        <Route path={ROUTES.events} element={<EventsPage />} />
        <Route path={ROUTES.newEvent} element={<EventFormPage />} />
        <Route path={ROUTES.editEvent} element={<EventFormPage />} />
        <Route path={ROUTES.manageEvent} element={<ManagePage />} />
        <Route path={ROUTES.tickets} element={<TicketsPage />} />
        <Route path={ROUTES.ticket} element={<TicketPage />} />
        <Route path={ROUTES.order} element={<OrderPage />} />
        <Route path={ROUTES.inbox} element={<InboxPage />} />
        <Route path={ROUTES.joinTeam} element={<JoinTeamPage />} />
        <Route path={ROUTES.account} element={<AccountPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Bare({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="topbar">
        <Link to={ROUTES.events} className="brand"><FormattedMessage id="app.name" defaultMessage="Events" /></Link>
        <LanguagePicker />
      </header>
      <main id="main" className="narrow"><Suspense fallback={<Loading />}>{children}</Suspense></main>
    </>
  );
}

function Shell() {
  const { session } = useSession();
  return session ? <SignedIn /> : <Visitor />;
}

/** The page around every signed-in or visitor's page: skip link, header with `nav`, the page. */
function Chrome({ nav, banner, picker = <LanguagePicker /> }:
  { nav: React.ReactNode; banner?: React.ReactNode; picker?: React.ReactNode }) {
  const intl = useIntl();
  return (
    <>
      <a className="skip" href="#main"><FormattedMessage id="app.skip" defaultMessage="Skip to content" /></a>
      <header className="topbar">
        <Link to={ROUTES.events} className="brand"><FormattedMessage id="app.name" defaultMessage="Events" /></Link>
        <nav aria-label={intl.formatMessage({ id: "nav.label", defaultMessage: "Main" })}>{nav}{picker}</nav>
      </header>
      <main id="main">
        {banner}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

function Visitor() {
  const location = useLocation();
  const here = location.pathname + location.search;
  return <Chrome nav={<>
    <Link to={to.signIn(here)}><FormattedMessage id="nav.signIn" defaultMessage="Sign in" /></Link>
    <Link to={to.signUp(here)}><FormattedMessage id="nav.signUp" defaultMessage="Sign up" /></Link>
  </>} />;
}

function SignedIn() {
  const { session, expire } = useSession();
  const location = useLocation();
  const stream = useLiveNotifications(session?.token ?? null, expire);
  if (!session) return <Navigate to={to.signIn(location.pathname + location.search)} replace />;
  return <Chrome nav={<>
    <NavLink to={ROUTES.events} end><FormattedMessage id="nav.browse" defaultMessage="Browse" /></NavLink>
    <NavLink to={ROUTES.tickets}><FormattedMessage id="nav.tickets" defaultMessage="My tickets" /></NavLink>
    <NavLink to={ROUTES.newEvent}><FormattedMessage id="nav.newEvent" defaultMessage="New event" /></NavLink>
    <Bell live={stream === "live"} />
    <NavLink to={ROUTES.account}><FormattedMessage id="nav.account" defaultMessage="Account" /></NavLink>
    <a href={API_DOCS}><FormattedMessage id="nav.api" defaultMessage="API" /></a>
  </>} banner={<ConfirmAddress />} picker={<KeptLanguage />} />;
}

/** Signed in, the language is the one kept on the profile, and a choice here is kept there. */
function KeptLanguage() {
  const profile = useProfile();
  const update = useUpdateProfile();
  const choose = useProfileLanguage(profile.data, (language) => update.mutate({ language }));
  return <LanguagePicker onChoose={choose} />;
}

/** Until the address is confirmed, every page says so (nothing is refused meanwhile). */
function ConfirmAddress() {
  const profile = useProfile();
  const location = useLocation();
  if (profile.data?.email_verified !== false || location.pathname === ROUTES.account) return null;
  return (
    <p className="notice" role="note">
      <FormattedMessage id="app.confirmAddress" defaultMessage="Please confirm your address with the link we mailed to {email}."
        values={{ email: profile.data.email }} />{" "}
      <Link to={ROUTES.account}><FormattedMessage id="app.mailAgain" defaultMessage="Mail it again" /></Link>
    </p>
  );
}

function Bell({ live }: { live: boolean }) {
  const intl = useIntl();
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  const shown = unread.data?.more ? `${UNREAD_SHOWN}+` : String(count);
  return (
    <NavLink to={ROUTES.inbox} className="bell" data-live={live}
      aria-label={intl.formatMessage({ id: "nav.bell",
        defaultMessage: "Notifications, {count, plural, =0 {none unread} other {{shown} unread}}{live, select, yes {} other { (reconnecting)}}" },
      { count, shown, live: live ? "yes" : "no" })}>
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
      </svg>
      {count > 0 && <span className="badge" aria-hidden="true" data-testid="unread">{shown}</span>}
    </NavLink>
  );
}

function NotFound() {
  return (
    <section>
      <h1><FormattedMessage id="app.notFound" defaultMessage="Page not found" /></h1>
      <p><Link to={ROUTES.events}><FormattedMessage id="app.browseEvents" defaultMessage="Browse events" /></Link></p>
    </section>
  );
}
