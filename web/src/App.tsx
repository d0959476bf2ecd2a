import { lazy, Suspense } from "react";
import { Link, Navigate, NavLink, Outlet, Route, Routes, useLocation } from "react-router";

import { useProfile, useUnreadCount, UNREAD_SHOWN } from "./api/queries";
import { Loading } from "./components/Problem";
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
const InboxPage = lazy(() => import("./pages/InboxPage"));
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
        <Route path={ROUTES.inbox} element={<InboxPage />} />
        <Route path={ROUTES.account} element={<AccountPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Bare({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="topbar"><Link to={ROUTES.events} className="brand">Events</Link></header>
      <main id="main" className="narrow"><Suspense fallback={<Loading />}>{children}</Suspense></main>
    </>
  );
}

function Shell() {
  const { session } = useSession();
  return session ? <SignedIn /> : <Visitor />;
}

/** The page around every signed-in or visitor's page: skip link, header with `nav`, the page. */
function Chrome({ nav, banner }: { nav: React.ReactNode; banner?: React.ReactNode }) {
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to={ROUTES.events} className="brand">Events</Link>
        <nav aria-label="Main">{nav}</nav>
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
    <Link to={to.signIn(here)}>Sign in</Link>
    <Link to={to.signUp(here)}>Sign up</Link>
  </>} />;
}

function SignedIn() {
  const { session, expire } = useSession();
  const location = useLocation();
  const stream = useLiveNotifications(session?.token ?? null, expire);
  if (!session) return <Navigate to={to.signIn(location.pathname + location.search)} replace />;
  return <Chrome nav={<>
    <NavLink to={ROUTES.events} end>Browse</NavLink>
    <NavLink to={ROUTES.tickets}>My tickets</NavLink>
    <NavLink to={ROUTES.newEvent}>New event</NavLink>
    <Bell live={stream === "live"} />
    <NavLink to={ROUTES.account}>Account</NavLink>
    <a href={API_DOCS}>API</a>
  </>} banner={<ConfirmAddress />} />;
}

/** Until the address is confirmed, every page says so (nothing is refused meanwhile). */
function ConfirmAddress() {
  const profile = useProfile();
  const location = useLocation();
  if (profile.data?.email_verified !== false || location.pathname === ROUTES.account) return null;
  return (
    <p className="notice" role="note">
      Please confirm your address with the link we mailed to {profile.data.email}.{" "}
      <Link to={ROUTES.account}>Mail it again</Link>
    </p>
  );
}

function Bell({ live }: { live: boolean }) {
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  const shown = unread.data?.more ? `${UNREAD_SHOWN}+` : String(count);
  return (
    <NavLink to={ROUTES.inbox} className="bell" data-live={live}
      aria-label={`Notifications, ${count ? `${shown} unread` : "none unread"}${live ? "" : " (reconnecting)"}`}>
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
      <h1>Page not found</h1>
      <p><Link to={ROUTES.events}>Browse events</Link></p>
    </section>
  );
}
