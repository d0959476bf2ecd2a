import { useCallback, useEffect, useRef } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import {
  useCancelEvent, useEvent, useRegister, useReview, useReviews, useTickets,
} from "../api/queries";
import type { EventRecord, Registration } from "../api/types";
import { CancelTicket } from "../components/CancelTicket";
import { Cover } from "../components/Cover";
import { EventLinks } from "../components/EventLinks";
import { Price, Seats, When } from "../components/EventCard";
import { Field } from "../components/Field";
import { PersonName } from "../components/PersonName";
import { Empty, Loading, Problem } from "../components/Problem";
import { Stars } from "../components/Stars";
import { TicketBadge } from "../components/TicketBadge";
import { placeFieldErrors } from "../forms";
import { to } from "../paths";
import { SimilarEvents } from "../components/SimilarEvents";
import { useSession } from "../session";
import { money } from "../time";
import { ticketFor } from "../tickets";

export default function EventPage() {
  const { eventId = "" } = useParams();
  const { session } = useSession();
  const event = useEvent(eventId);
  const tickets = useTickets(session !== null);
  if (event.isPending) return <Loading what="Loading the event" />;
  if (event.isError) return <Problem error={event.error} />;
  const record = event.data;
  const ticket = ticketFor(tickets.data?.pages.flatMap((p) => p.items) ?? [], record.id);
  const organising = record.organizer_id === session?.uid;
  if (!session) return <VisitorView event={record} />;
  return (
    <article aria-labelledby="event-title" className="event">
      <h1 id="event-title">{record.title}</h1>
      <Details event={record} />
      <p className="muted">Organised by <PersonName uid={record.organizer_id} handle organizer /></p>
      <Ticket event={record} ticket={ticket} loading={tickets.isPending} />
      <EventLinks event={record} />
      {organising && <OrganizerTools event={record} />}
      <Reviews event={record} ticket={ticket} />
      <SimilarEvents eventId={record.id} />
    </article>
  );
}

// What a visitor pressed before signing in, carried through sign-in in the page's address.
const THEN = "then";
const GET_TICKET = "ticket";

/** The event as anyone sees it: its details, and "Get a ticket", which signs the visitor in (or
 * up) and brings them back here with the ticket still to be had (`?then=ticket`). */
function VisitorView({ event }: { event: EventRecord }) {
  const back = `${to.event(event.id)}?${THEN}=${GET_TICKET}`;
  return (
    <article aria-labelledby="event-title" className="event">
      <h1 id="event-title">{event.title}</h1>
      <Details event={event} />
      <section className="panel" aria-labelledby="ticket-title">
        <h2 id="ticket-title">Tickets</h2>
        {event.status === "cancelled" ? <p>This event has been cancelled.</p>
          : !event.sales_open ? <p>Registration has closed: the event has already started.</p>
            : <p><Link className="button" to={to.signIn(back)}>
              {event.seats_left === 0 ? "Join the waitlist" : event.price === 0 ? "Get a ticket"
                : `Buy a ticket · ${money(event.price, event.currency)}`}</Link>{" "}
              <span className="muted">You sign in or create an account first.</span></p>}
      </section>
      <EventLinks event={event} />
    </article>
  );
}

function Details({ event }: { event: EventRecord }) {
  return (
    <>
      {/* main is at most 60rem wide with 1rem padding (styles.css); the server preloads the
          same sizes (app/api/event_page.py, HERO_SIZES) */}
      <Cover event={event} className="cover-hero" eager sizes="(min-width: 62rem) 58rem, calc(100vw - 2rem)" />
      <p><When iso={event.starts_at} zone={event.timezone} />
        {event.ends_at && <> – <When iso={event.ends_at} zone={event.timezone} /></>}</p>
      <p className="meta">
        {event.location && <span>{event.location}</span>}
        <Price event={event} />
        <Seats event={event} />
      </p>
      {event.description && <p className="description">{event.description}</p>}
    </>
  );
}

/** Back from signing in with a ticket to get: get it once, then forget the request. */
function useTicketRequested(event: EventRecord, active: Registration | null, loading: boolean,
  get: (waitlist: boolean) => void) {
  const [params, setParams] = useSearchParams();
  const asked = params.get(THEN) === GET_TICKET;
  const done = useRef(false);
  useEffect(() => {
    if (!asked || loading || done.current) return;
    done.current = true;
    setParams((current) => { current.delete(THEN); return current; }, { replace: true });
    if (!active && event.status !== "cancelled" && event.sales_open) get(event.seats_left === 0);
  }, [asked, loading, active, event, get, setParams]);
}

function Ticket({ event, ticket, loading }: { event: EventRecord; ticket: Registration | null; loading: boolean }) {
  const register = useRegister(event.id);
  const active = ticket && ticket.status !== "cancelled" ? ticket : null;
  const get = useCallback((waitlist: boolean) => register.mutate(waitlist, {
    // a paid seat is held for us: off to pay for it
    onSuccess: (held) => { if (held.payment?.checkout_url) window.location.assign(held.payment.checkout_url); },
  }), [register]);
  useTicketRequested(event, active, loading, get);
  if (loading) return <Loading what="Checking your ticket" />;
  const refusedFull = register.error instanceof ApiError && register.error.code === "event_full";
  const full = event.seats_left === 0 || refusedFull;
  return (
    <section className="panel" aria-labelledby="ticket-title">
      <h2 id="ticket-title">Your ticket</h2>
      {active ? (
        <>
          <p><TicketBadge registration={active} />{" "}
            {active.status === "waitlisted" ? "You will get a seat, and a notification, when one frees up."
              : active.status === "pending_payment" ? <Link to={to.ticket(active.id)}>Pay for your seat</Link>
                : <Link to={to.ticket(active.id)}>Show my ticket</Link>}</p>
          <CancelTicket ticket={active} />
        </>
      ) : event.status === "cancelled" ? (
        <p>This event has been cancelled.</p>
      ) : !event.sales_open ? (
        <p>Registration has closed: the event has already started.</p>
      ) : (
        <>
          {ticket && <p className="muted">Your earlier registration was cancelled.</p>}
          {full ? (
            <button type="button" disabled={register.isPending} onClick={() => register.mutate(true)}>
              Join the waitlist
            </button>
          ) : (
            <button type="button" disabled={register.isPending} onClick={() => get(false)}>
              {event.price === 0 ? "Get a ticket" : `Buy a ticket · ${money(event.price, event.currency)}`}
            </button>
          )}
          {!refusedFull && <Problem error={register.error} />}
          {full && <p className="muted">No seats are left. On the waitlist you get the next free seat, in the order people joined.</p>}
        </>
      )}
    </section>
  );
}

function OrganizerTools({ event }: { event: EventRecord }) {
  const cancel = useCancelEvent(event.id);
  const navigate = useNavigate();
  return (
    <section className="panel" aria-labelledby="organise-title">
      <h2 id="organise-title">You organise this event</h2>
      <p>{event.registered_count} confirmed · {event.waitlist_count} waiting · capacity {event.capacity}</p>
      <div className="actions">
        <Link className="button" to={to.manageEvent(event.id)}>Attendees and check-in</Link>
        {event.status !== "cancelled" && <>
          <Link className="button secondary" to={to.editEvent(event.id)}>Edit</Link>
          <button type="button" className="danger" disabled={cancel.isPending} onClick={() => {
            if (window.confirm("Cancel this event for everyone? Every ticket holder is notified.")) {
              cancel.mutate(undefined, { onSuccess: () => navigate(to.event(event.id)) });
            }
          }}>Cancel event</button>
        </>}
      </div>
      <Problem error={cancel.error} />
    </section>
  );
}

function Reviews({ event, ticket }: { event: EventRecord; ticket: Registration | null }) {
  const reviews = useReviews(event.id);
  const { session } = useSession();
  const items = reviews.data?.pages.flatMap((p) => p.items) ?? [];
  const reviewed = items.some((r) => r.user_id === session?.uid);
  const started = Date.parse(event.starts_at) <= Date.now();
  const attended = ticket?.status === "confirmed";
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {event.rating_avg !== null && (
        <p><Stars rating={event.rating_avg} /> {event.rating_avg.toFixed(1)} from {event.review_count} review{event.review_count === 1 ? "" : "s"}</p>
      )}
      {attended && !reviewed && (started ? <ReviewForm eventId={event.id} /> : <p className="muted">You can review this event once it has started.</p>)}
      {reviews.isPending && <Loading what="Loading reviews" />}
      <Problem error={reviews.error} />
      {reviews.isSuccess && items.length === 0 && <Empty>No reviews yet.</Empty>}
      <ul className="reviews">
        {items.map((review) => (
          <li key={review.id}>
            <p><Stars rating={review.rating} /> <strong>@{review.username}</strong></p>
            {review.comment && <p>{review.comment}</p>}
          </li>
        ))}
      </ul>
      {reviews.hasNextPage && <button type="button" className="secondary" onClick={() => void reviews.fetchNextPage()}>More reviews</button>}
    </section>
  );
}

interface ReviewValues {
  rating: string;
  comment: string;
}

function ReviewForm({ eventId }: { eventId: string }) {
  const form = useForm<ReviewValues>({ defaultValues: { rating: "", comment: "" } });
  const review = useReview(eventId);
  const errors = form.formState.errors;
  return (
    <form className="panel" noValidate onSubmit={form.handleSubmit((values) => review.mutate(
      { rating: Number(values.rating), comment: values.comment },
      { onError: (error) => placeFieldErrors(error, form.setError, ["rating", "comment"]) },
    ))}>
      <fieldset aria-describedby={errors.rating ? "rating-error" : undefined}>
        <legend>Your rating</legend>
        <div className="star-input">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" value={String(n)} {...form.register("rating", { required: "Choose from 1 to 5 stars" })} />
              {n} star{n === 1 ? "" : "s"}
            </label>
          ))}
        </div>
        {errors.rating && <small id="rating-error" className="field-error">{errors.rating.message}</small>}
      </fieldset>
      <Field label="Comment (optional)" error={errors.comment?.message}>
        {(props) => <textarea {...props} rows={3} maxLength={2000} {...form.register("comment")} />}
      </Field>
      <Problem error={review.error} />
      <button type="submit" disabled={review.isPending}>Post review</button>
    </form>
  );
}
