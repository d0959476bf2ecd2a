// Server state: every read of the API is a cached query under one of these keys, and every change
// invalidates the keys it can have changed.
import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";

import { api, ApiError, query } from "./client";
import type {
  Category,
  Dashboard,
  EventFields,
  EventRecord,
  Forecast,
  Insight,
  Notification,
  Order,
  OrderIn,
  PromoCode,
  PromoCodeIn,
  Question,
  QuestionFields,
  QuestionPatch,
  AttendeeIn,
  Page,
  Payment,
  ProfilePatch,
  Recommendation,
  Registration,
  Review,
  Sales,
  TicketType,
  TicketTypeFields,
  User,
} from "./types";

export const keys = {
  events: (filters: EventFilters) => ["events", filters] as const,
  allEvents: ["events"] as const,
  event: (id: string) => ["event", id] as const,
  reviews: (id: string) => ["reviews", id] as const,
  attendees: (id: string) => ["attendees", id] as const,
  tickets: ["tickets"] as const,
  ticket: (id: string) => ["tickets", id] as const,
  order: (id: string) => ["orders", id] as const,
  sales: (id: string) => ["sales", id] as const,
  dashboard: (id: string) => ["dashboard", id] as const,
  ticketTypes: (id: string, code?: string) => (code ? ["ticket-types", id, code] as const : ["ticket-types", id] as const),
  promoCodes: (id: string) => ["promo-codes", id] as const,
  questions: (id: string) => ["questions", id] as const,
  recommended: ["recommended"] as const,
  profile: ["profile"] as const,
  person: (uid: string) => ["person", uid] as const,
  notifications: (unread: boolean) => ["notifications", unread] as const,
  allNotifications: ["notifications"] as const,
  unread: ["unread"] as const,
  team: (id: string) => ["team", id] as const,
  myRole: (id: string) => ["team-role", id] as const,
  myTeams: ["team-events"] as const,
};

export interface EventFilters {
  q?: string;
  location?: string;
  from?: string;
  to?: string;
  whose?: "all" | "mine" | "mine-past" | "mine-cancelled" | "others"; // "mine-*": the organizer's own, by timing
  organizer?: string; // one organizer's events (by id): their public page
  category?: Category | undefined;
  tag?: string | undefined;
}

const PAGE = 20;

function usePages<T>(key: readonly unknown[], path: (cursor: string | null) => string, enabled = true) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => api<Page<T>>(path(pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<T>) => last.next_cursor,
    enabled,
  });
}

export function useEvents(filters: EventFilters) {
  return usePages<EventRecord>(keys.events(filters), (cursor) => `/events${query({
    limit: PAGE, cursor, q: filters.q, location: filters.location, from: filters.from, to: filters.to,
    organizer: filters.whose?.startsWith("mine") ? "me" : filters.organizer ?? null, exclude_mine: filters.whose === "others",
    when: filters.whose === "mine-past" ? "past" : filters.whose === "mine-cancelled" ? "cancelled" : null,
    category: filters.category ?? null, tag: filters.tag ?? null,
  })}`);
}

export function useEvent(id: string) {
  // seats change while the page is open: read again every 15 s and when the tab comes back
  return useQuery({
    queryKey: keys.event(id),
    queryFn: ({ signal }) => api<EventRecord>(`/events/${id}`, { signal }),
    refetchInterval: 15_000,
    enabled: id !== "",
  });
}

export function useReviews(id: string) {
  return usePages<Review>(keys.reviews(id), (cursor) => `/events/${id}/reviews${query({ limit: PAGE, cursor })}`);
}

export function useAttendees(id: string) {
  return usePages<Registration>(keys.attendees(id),
    (cursor) => `/events/${id}/registrations${query({ limit: 100, cursor })}`);
}

/** The signed-in person's tickets; nothing for a visitor (`enabled` false). */
/** Whose public page /o/{username} is: their id, to list their events. */
export function useOrganizer(username: string) {
  return useQuery({
    queryKey: ["organizer", username],
    queryFn: ({ signal }) => api<{ id: string; username: string }>(`/organizers/${encodeURIComponent(username)}`, { signal }),
  });
}

export function useTickets(enabled = true) {
  return usePages<Registration>(keys.tickets, (cursor) => `/registrations${query({ limit: 100, cursor })}`,
    enabled);
}

/** One ticket with its payment; re-read every 2 s while a payment's outcome is awaited. */
export function useTicket(id: string, awaiting: (ticket: Registration) => boolean) {
  return useQuery({
    queryKey: keys.ticket(id),
    queryFn: ({ signal }) => api<Registration>(`/registrations/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (q.state.data && awaiting(q.state.data) ? 2000 : false),
  });
}

export function useSales(id: string) {
  return useQuery({
    queryKey: keys.sales(id),
    queryFn: ({ signal }) => api<Sales>(`/events/${encodeURIComponent(id)}/sales`, { signal }),
  });
}

/** Day-by-day sales and the door's progress: read again every 15 s while the page is open. */
export function useDashboard(id: string) {
  return useQuery({
    queryKey: keys.dashboard(id),
    queryFn: ({ signal }) => api<Dashboard>(`/events/${encodeURIComponent(id)}/dashboard`, { signal }),
    refetchInterval: 15_000,
  });
}

/** What the reviews say: of one event, or (no id) of all the caller's events of the last year. */
export function useInsight(id?: string) {
  return useQuery({
    queryKey: ["insight", id ?? "mine"] as const,
    queryFn: ({ signal }) => api<Insight>(id ? `/events/${encodeURIComponent(id)}/insight` : "/events/insight", { signal }),
  });
}

export function useForecast(id: string) {
  return useQuery({
    queryKey: ["forecast", id] as const,
    queryFn: ({ signal }) => api<Forecast>(`/events/${encodeURIComponent(id)}/forecast`, { signal }),
  });
}

/** "For you": the signed-in person's picks, each with its reason. */
export function useRecommended(enabled: boolean) {
  return useQuery({
    queryKey: keys.recommended,
    queryFn: ({ signal }) => api<{ items: Recommendation[] }>("/events/recommended?limit=6", { signal }),
    enabled,
  });
}

/** Events like this one (open to visitors). */
export function useSimilar(id: string) {
  return useQuery({
    queryKey: ["similar", id] as const,
    queryFn: ({ signal }) => api<{ items: EventRecord[] }>(`/events/${encodeURIComponent(id)}/similar?limit=4`, { signal }),
  });
}

/** The checkout of a held seat: opened (once) and followed. */
export function useCheckout() {
  return useMutation({
    mutationFn: (id: string) => api<Payment>(`/registrations/${encodeURIComponent(id)}/checkout`, { method: "POST" }),
    onSuccess: (payment) => { if (payment.checkout_url) window.location.assign(payment.checkout_url); },
  });
}

export function useProfile() {
  return useQuery({
    queryKey: keys.profile,
    queryFn: ({ signal }) => api<User>("/profile", { signal }),
  });
}

export function usePerson(uid: string) {
  return useQuery({
    queryKey: keys.person(uid),
    queryFn: ({ signal }) => api<User>(`/profile/${uid}`, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useNotifications(unread: boolean) {
  return usePages<Notification>(keys.notifications(unread),
    (cursor) => `/notifications${query({ limit: PAGE, cursor, unread })}`);
}

export const UNREAD_SHOWN = 99;

export function useUnreadCount() {
  return useQuery({
    queryKey: keys.unread,
    queryFn: async ({ signal }) => {
      const page = await api<Page<Notification>>(`/notifications?unread=true&limit=${UNREAD_SHOWN}`, { signal });
      return { count: page.items.length, more: page.next_cursor !== null };
    },
  });
}

/** A notification arrived: what it is about may have changed. */
export function refreshFor(client: QueryClient, notification: Notification): void {
  void client.invalidateQueries({ queryKey: keys.allNotifications });
  void client.invalidateQueries({ queryKey: keys.unread });
  void client.invalidateQueries({ queryKey: keys.tickets });
  if (notification.event_id) {
    const id = notification.event_id;
    // the attendee list and the door's search (a check-in on another door device), the figures
    for (const key of [keys.event(id), keys.attendees(id), keys.sales(id), keys.dashboard(id), keys.reviews(id)]) {
      void client.invalidateQueries({ queryKey: key });
    }
    if (notification.kind.startsWith("team_")) { // joined, or taken off the team: the role changed
      for (const key of [keys.myRole(id), keys.team(id), keys.myTeams]) void client.invalidateQueries({ queryKey: key });
    }
  }
}

export function useChange<A, R>(call: (arg: A) => Promise<R>, touched: (arg: A, result: R) => readonly (readonly unknown[])[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (result, arg) => {
      for (const key of touched(arg, result)) void client.invalidateQueries({ queryKey: key });
    },
  });
}

/** A seat of a ticket type (the event's first when none is named), or a waitlist place. */
export function useRegister(eventId: string) {
  return useChange(
    ({ waitlist, type }: { waitlist: boolean; type?: string | undefined }) => api<Registration>("/registrations", {
      method: "POST", body: { event_id: eventId, waitlist, ...(type ? { ticket_type_id: type } : {}) },
    }),
    () => [keys.tickets, keys.event(eventId), keys.attendees(eventId), keys.recommended, keys.ticketTypes(eventId)],
  );
}

/** Several tickets at once, all or none (POST /orders). */
export function usePlaceOrder(eventId: string) {
  return useChange(
    (order: Omit<OrderIn, "event_id">) => api<Order>("/orders", { method: "POST", body: { event_id: eventId, ...order } }),
    () => [keys.tickets, keys.event(eventId), keys.attendees(eventId), keys.recommended, keys.ticketTypes(eventId)],
  );
}

/** One order with its tickets and payment; re-read every 2 s while a payment's outcome is awaited. */
export function useOrder(id: string) {
  return useQuery({
    queryKey: keys.order(id),
    queryFn: ({ signal }) => api<Order>(`/orders/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (q.state.data?.tickets?.some((t) => t.status === "pending_payment")
      || q.state.data?.payment?.status === "refund_pending" ? 2000 : false),
  });
}

/** The buyer cancels every ticket of the order still standing. */
export function useCancelOrder(id: string) {
  return useChange(
    () => api<Order>(`/orders/${encodeURIComponent(id)}`, { method: "DELETE" }),
    () => [keys.order(id), keys.tickets],
  );
}

/** The checkout of a held order: opened (once) and followed. */
export function useOrderCheckout(id: string) {
  return useMutation({
    mutationFn: () => api<Payment>(`/orders/${encodeURIComponent(id)}/checkout`, { method: "POST" }),
    onSuccess: (payment) => { if (payment.checkout_url) window.location.assign(payment.checkout_url); },
  });
}

/** The buyer names whom a ticket is for (passes it on): it gets a new code. */
export function usePassOn(orderId: string) {
  return useChange(
    ({ ticket, to }: { ticket: string; to: AttendeeIn }) =>
      api<Registration>(`/registrations/${encodeURIComponent(ticket)}`, { method: "PATCH", body: to }),
    () => [keys.order(orderId), keys.tickets],
  );
}

/** The types a buyer is offered; with a code, the hidden ones it reveals and prices with it. */
export function useTicketTypes(eventId: string, code?: string) {
  return useQuery({
    queryKey: keys.ticketTypes(eventId, code),
    queryFn: ({ signal }) => api<{ items: TicketType[] }>(
      `/events/${encodeURIComponent(eventId)}/ticket-types${query({ promo_code: code ?? null })}`, { signal }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 3,
  });
}

/** What the event asks its buyers (anyone may read them). */
export function useQuestions(eventId: string) {
  return useQuery({
    queryKey: keys.questions(eventId),
    queryFn: ({ signal }) => api<{ items: Question[] }>(`/events/${encodeURIComponent(eventId)}/questions`, { signal }),
  });
}

/** The organiser asks a question (`fields`) or stops asking one (`remove`). */
export function useChangeQuestion(eventId: string) {
  const path = `/events/${encodeURIComponent(eventId)}/questions`;
  return useChange(
    ({ fields, remove, edit }: { fields?: QuestionFields; remove?: string; edit?: { id: string; changes: QuestionPatch } }) => {
      if (remove) return api<Question | void>(`${path}/${encodeURIComponent(remove)}`, { method: "DELETE" });
      if (edit) return api<Question | void>(`${path}/${encodeURIComponent(edit.id)}`, { method: "PATCH", body: edit.changes });
      return api<Question | void>(path, { method: "POST", body: fields });
    },
    () => [keys.questions(eventId)],
  );
}

/** The organiser's promo and access codes, with their uses. */
export function usePromoCodes(eventId: string) {
  return useQuery({
    queryKey: keys.promoCodes(eventId),
    queryFn: ({ signal }) => api<{ items: PromoCode[] }>(`/events/${encodeURIComponent(eventId)}/promo-codes`, { signal }),
  });
}

/** The organiser adds a code (`fields`) or removes one (`remove`). */
export function useChangePromoCode(eventId: string) {
  const path = `/events/${encodeURIComponent(eventId)}/promo-codes`;
  return useChange(
    ({ fields, remove }: { fields?: PromoCodeIn; remove?: string }) => remove
      ? api<PromoCode | void>(`${path}/${encodeURIComponent(remove)}`, { method: "DELETE" })
      : api<PromoCode | void>(path, { method: "POST", body: fields }),
    () => [keys.promoCodes(eventId), keys.ticketTypes(eventId)],
  );
}

/** The organiser adds a type (no `id`), changes one, or removes one (`remove`). */
export function useChangeTicketType(eventId: string) {
  const path = `/events/${encodeURIComponent(eventId)}/ticket-types`;
  return useChange(
    ({ id, fields, remove }: { id?: string; fields?: TicketTypeFields; remove?: boolean }) =>
      id === undefined ? api<TicketType>(path, { method: "POST", body: fields })
        : api<TicketType | void>(`${path}/${encodeURIComponent(id)}`, remove ? { method: "DELETE" } : { method: "PATCH", body: fields }),
    () => [keys.ticketTypes(eventId), keys.event(eventId)],
  );
}

/** "Not interested": the event leaves the person's picks for good. */
export function useNotInterested() {
  return useChange(
    (eventId: string) => api<void>(`/events/${encodeURIComponent(eventId)}/not-interested`, { method: "POST" }),
    () => [keys.recommended],
  );
}

export function useCancelRegistration() {
  return useChange(
    (registration: Registration) => api<Registration>(`/registrations/${registration.id}`, { method: "DELETE" }),
    (registration) => [keys.tickets, keys.event(registration.event_id), keys.attendees(registration.event_id),
      ...(registration.order_id ? [keys.order(registration.order_id)] : [])],
  );
}

export function useCreateEvent() {
  return useChange(
    (fields: EventFields) => api<EventRecord>("/events", { method: "POST", body: fields }),
    () => [keys.allEvents],
  );
}

export function useUpdateEvent(id: string) {
  return useChange(
    (changes: Partial<EventFields>) => api<EventRecord>(`/events/${id}`, { method: "PATCH", body: changes }),
    () => [keys.allEvents, keys.event(id)],
  );
}

/** An event's cover: a picked image file to set (its bytes are the body), or null to remove it. */
export function useCover() {
  return useChange(
    ({ eventId, image }: { eventId: string; image: Blob | null }) => api<EventRecord>(`/events/${eventId}/image`,
      image ? { method: "PUT", body: image } : { method: "DELETE" }),
    ({ eventId }) => [keys.allEvents, keys.event(eventId)],
  );
}

export function useCancelEvent(id: string) {
  return useChange(
    () => api<EventRecord>(`/events/${id}`, { method: "DELETE" }),
    () => [keys.allEvents, keys.event(id), keys.tickets],
  );
}

/** Let a ticket in: by its code (scanned or typed), or by its id (tapped in the list found by name). */
export function useCheckIn(id: string) {
  return useChange(
    (found: { code: string } | { ticket: string }) => api<Registration>(`/events/${id}/check-in`, {
      method: "POST", body: "code" in found ? { ticket_code: found.code } : { registration_id: found.ticket } }),
    () => [keys.attendees(id), keys.dashboard(id)],
  );
}

/** The door's search by name. Under the attendee list's key: a check-in on another door device
 * reaches this one through the live notification stream (refreshFor), and it is read again. */
export function useArrivals(id: string, q: string) {
  return useQuery({
    queryKey: [...keys.attendees(id), "arrivals", q] as const,
    queryFn: ({ signal }) => api<{ items: (Registration & { name: string })[] }>(
      `/events/${encodeURIComponent(id)}/arrivals${query({ q, limit: 20 })}`, { signal }),
    enabled: q.trim() !== "",
  });
}

export function useReview(eventId: string) {
  return useChange(
    (review: { rating: number; comment: string }) =>
      api<Review>("/reviews", { method: "POST", body: { event_id: eventId, ...review } }),
    () => [keys.reviews(eventId), keys.event(eventId)],
  );
}

export function useUpdateProfile() {
  return useChange(
    (changes: ProfilePatch) =>
      api<User>("/profile", { method: "PATCH", body: changes }),
    () => [keys.profile, keys.recommended],
  );
}

export function useMarkRead() {
  return useChange(
    (id: string) => api<Notification>(`/notifications/${id}/read`, { method: "POST" }),
    () => [keys.allNotifications, keys.unread],
  );
}

export function useMarkAllRead() {
  return useChange(
    () => api<{ updated: number }>("/notifications/read-all", { method: "POST" }),
    () => [keys.allNotifications, keys.unread],
  );
}
