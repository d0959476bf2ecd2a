// Every page of the client, written once. None of these may be an API path: the Flask app serves
// the client's page for exactly these patterns (tests/api/test_web.py holds the two lists together).
export const ROUTES = {
  events: "/",
  signIn: "/signin",
  signUp: "/signup",
  account: "/account",
  tickets: "/tickets",
  ticket: "/tickets/:registrationId",
  order: "/order/:orderId",
  inbox: "/inbox",
  newEvent: "/new",
  event: "/e/:eventId",
  editEvent: "/e/:eventId/edit",
  manageEvent: "/e/:eventId/manage",
  organizer: "/o/:username",
  // the pages the mailed links open (docs/mail.md); their token is in the query
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  verifyEmail: "/verify-email",
  changeEmail: "/change-email",
  unsubscribe: "/unsubscribe",
  joinTeam: "/join-team", // a team invitation's link (docs/team.md)
} as const;

export const API_DOCS = "/api-docs";

export const to = {
  event: (id: string) => `/e/${encodeURIComponent(id)}`,
  editEvent: (id: string) => `/e/${encodeURIComponent(id)}/edit`,
  manageEvent: (id: string) => `/e/${encodeURIComponent(id)}/manage`,
  ticket: (id: string) => `/tickets/${encodeURIComponent(id)}`,
  order: (id: string) => `/order/${encodeURIComponent(id)}`,
  organizer: (username: string) => `/o/${encodeURIComponent(username)}`,
  signIn: (next?: string) => (next && next !== ROUTES.signIn ? `/signin?next=${encodeURIComponent(next)}` : "/signin"),
  // where to go after signing up; the events list is where one goes anyway
  signUp: (next?: string) => (next && next !== ROUTES.events ? `/signup?next=${encodeURIComponent(next)}` : "/signup"),
};
