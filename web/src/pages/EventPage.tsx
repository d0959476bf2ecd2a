import { useCallback, useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { FormattedList, FormattedMessage, useIntl } from "react-intl";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { ApiError } from "../api/client";
import {
  useCancelEvent, useEvent, usePlaceOrder, useQuestions, useRegister, useReview, useReviews, useTickets,
  useTicketTypes,
} from "../api/queries";
import type { Answers, OrderAttendee, EventRecord, Registration } from "../api/types";
import { AttendeeFields, attendeesOf } from "../components/AttendeeFields";
import { CancelTicket } from "../components/CancelTicket";
import { Cover } from "../components/Cover";
import { EventLinks } from "../components/EventLinks";
import { Price, Seats, When } from "../components/EventCard";
import { Field } from "../components/Field";
import { PersonName } from "../components/PersonName";
import { HelpingPanel } from "../components/TeamEvents";
import { Empty, Loading, Problem, ProblemWithFields } from "../components/Problem";
import { Stars } from "../components/Stars";
import { TicketBadge } from "../components/TicketBadge";
import { CodeField } from "../components/CodeField";
import { given, QuestionFields, refusalsAt } from "../components/QuestionFields";
import {
  type Counts, firstAvailable, priceOf, startingCounts, TicketTypePicker, ticketsWanted,
} from "../components/TicketTypePicker";
import { placeFieldErrors } from "../forms";
import { to } from "../paths";
import { fieldErrors } from "../problems";
import { SimilarEvents } from "../components/SimilarEvents";
import { CATEGORIES } from "../categories";
import { formatLocale, useLanguage } from "../i18n";
import { useSession } from "../session";
import { money } from "../time";
import { ticketFor } from "../tickets";

export default function EventPage() {
  const { eventId = "" } = useParams();
  const { session } = useSession();
  const event = useEvent(eventId);
  const tickets = useTickets(session !== null);
  const intl = useIntl();
  if (event.isPending) return <Loading what={intl.formatMessage({ id: "event.loading", defaultMessage: "Loading the event" })} />;
  if (event.isError) return <Problem error={event.error} />;
  const record = event.data;
  const ticket = ticketFor(tickets.data?.pages.flatMap((p) => p.items) ?? [], record.id);
  const organising = record.organizer_id === session?.uid;
  if (!session) return <VisitorView event={record} />;
  return (
    <article aria-labelledby="event-title" className="event">
      <h1 id="event-title">{record.title}</h1>
      <Details event={record} />
      <p className="muted"><FormattedMessage id="event.organisedBy" defaultMessage="Organised by {name}"
        values={{ name: <PersonName uid={record.organizer_id} handle organizer /> }} /></p>
      <Ticket event={record} ticket={ticket} loading={tickets.isPending} />
      <EventLinks event={record} />
      {organising ? <OrganizerTools event={record} /> : <HelpingPanel eventId={record.id} />}
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
        <h2 id="ticket-title"><FormattedMessage id="event.tickets" defaultMessage="Tickets" /></h2>
        {event.status === "cancelled" ? <p><Cancelled /></p>
          : !event.sales_open ? <p><Closed /></p>
            : <p><Link className="button" to={to.signIn(back)}><GetTicket event={event} full={event.seats_left === 0} /></Link>{" "}
              <span className="muted"><FormattedMessage id="event.signInFirst" defaultMessage="You sign in or create an account first." /></span></p>}
      </section>
      <EventLinks event={event} />
    </article>
  );
}

const Cancelled = () => <FormattedMessage id="problem.event_cancelled" defaultMessage="This event has been cancelled." />;
const Closed = () => <FormattedMessage id="problem.registration_closed" defaultMessage="Registration has closed: the event has already started." />;

/** The ticket button's words: the waitlist when full, else free or the price (the chosen type's). */
function GetTicket({ event, full, price = event.price }: { event: EventRecord; full: boolean; price?: number }) {
  const { language } = useLanguage();
  if (full) return <FormattedMessage id="event.joinWaitlist" defaultMessage="Join the waitlist" />;
  if (price === 0) return <FormattedMessage id="event.getTicket" defaultMessage="Get a ticket" />;
  return <FormattedMessage id="event.buyTicket" defaultMessage="Buy a ticket · {price}"
    values={{ price: money(price, event.currency, formatLocale(language)) }} />;
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
      <p className="muted"><FormattedMessage {...CATEGORIES[event.category]} />
        {event.tags.length > 0 && <> · <FormattedList type="conjunction" value={event.tags} /></>}</p>
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
  const order = usePlaceOrder(event.id);
  const refused = fieldErrors(order.error); // each answer's refusal goes beside its question
  const navigate = useNavigate();
  const [code, setCode] = useState<string | undefined>();
  const plain = useTicketTypes(event.id);
  const coded = useTicketTypes(event.id, code);
  const types = (code ? coded.data?.items : undefined) ?? plain.data?.items ?? [];
  const [picked, setPicked] = useState<Counts | null>(null);
  const [named, setNamed] = useState<OrderAttendee[]>([]);
  const counts = picked ?? startingCounts(types);
  const wanted = ticketsWanted(types, counts);
  const active = ticket && ticket.status !== "cancelled" ? ticket : null;
  const first = wanted[0]?.id ?? firstAvailable(types)?.id;
  const get = useCallback((waitlist: boolean) => register.mutate({ waitlist, type: first }, {
    // a paid seat is held for us: off to pay for it
    onSuccess: (held) => { if (held.payment?.checkout_url) window.location.assign(held.payment.checkout_url); },
  }), [register, first]);
  const applied = code !== undefined && coded.isSuccess;
  const asked = useQuestions(event.id).data?.items ?? [];
  const each = asked.filter((q) => q.per_attendee);
  const [answers, setAnswers] = useState<Answers>({});
  const buy = () => order.mutate({
    items: types.filter((t) => counts[t.id]).map((t) => ({ ticket_type_id: t.id, quantity: counts[t.id]! })),
    attendees: attendeesOf(wanted, named, each.length > 0),
    answers: given(answers),
    ...(applied ? { promo_code: code } : {}),
  }, {
    onSuccess: (placed) => {
      if (placed.payment?.checkout_url) window.location.assign(placed.payment.checkout_url);
      else navigate(to.order(placed.id));
    },
  });
  useTicketRequested(event, active, loading, get);
  const intl = useIntl();
  const { language } = useLanguage();
  if (loading) return <Loading what={intl.formatMessage({ id: "event.checkingTicket", defaultMessage: "Checking your ticket" })} />;
  const refusedFull = register.error instanceof ApiError && register.error.code === "event_full";
  const full = event.seats_left === 0 || refusedFull;
  const total = wanted.reduce((sum, t) => sum + priceOf(t), 0);
  // a code, or answers, go with an order, even of one ticket
  const several = wanted.length > 1 || applied || asked.length > 0;
  return (
    <section className="panel" aria-labelledby="ticket-title">
      <h2 id="ticket-title"><FormattedMessage id="event.yourTicket" defaultMessage="Your ticket" /></h2>
      {active ? (
        <>
          <p><TicketBadge registration={active} />{" "}
            {active.order_id
              ? <Link to={to.order(active.order_id)}><FormattedMessage id="event.showOrder" defaultMessage="Show my tickets" /></Link>
              : active.status === "waitlisted"
                ? <FormattedMessage id="event.waitlisted" defaultMessage="You will get a seat, and a notification, when one frees up." />
                : active.status === "pending_payment"
                  ? <Link to={to.ticket(active.id)}><FormattedMessage id="event.payForSeat" defaultMessage="Pay for your seat" /></Link>
                  : <Link to={to.ticket(active.id)}><FormattedMessage id="event.showTicket" defaultMessage="Show my ticket" /></Link>}</p>
          {!active.order_id && <CancelTicket ticket={active} />}
        </>
      ) : event.status === "cancelled" ? (
        <p><Cancelled /></p>
      ) : !event.sales_open ? (
        <p><Closed /></p>
      ) : (
        <>
          {ticket && <p className="muted"><FormattedMessage id="event.earlierCancelled" defaultMessage="Your earlier registration was cancelled." /></p>}
          {!full && <TicketTypePicker types={types} counts={counts} limit={event.max_per_order} onChange={setPicked} />}
          {!full && <AttendeeFields wanted={wanted} named={named} each={each} onChange={setNamed} refused={refused} />}
          {!full && <QuestionFields questions={asked.filter((q) => !q.per_attendee)} answers={answers} onChange={setAnswers}
            refused={refusalsAt(refused, "answers")} />}
          {!full && <CodeField applied={applied ? code : undefined} error={code ? coded.error : null}
            onApply={(typed) => { setCode(typed); setPicked(null); }} />}
          <button type="button" disabled={register.isPending || order.isPending || (!full && wanted.length === 0)}
            onClick={() => (full || !several ? get(full) : buy())}>
            {!full && several
              ? (total === 0 ? <FormattedMessage id="order.getTickets" defaultMessage="Get {count, plural, one {# ticket} other {# tickets}}" values={{ count: wanted.length }} />
                : <FormattedMessage id="order.buyTickets" defaultMessage="Buy {count, plural, one {# ticket} other {# tickets}} · {total}"
                  values={{ count: wanted.length, total: money(total, event.currency, formatLocale(language)) }} />)
              : <GetTicket event={event} full={full} price={wanted[0] ? priceOf(wanted[0]) : undefined} />}
          </button>
          {!refusedFull && <Problem error={register.error} />}
          <ProblemWithFields error={order.error} />
          {full && <p className="muted"><FormattedMessage id="event.fullHint" defaultMessage="No seats are left. On the waitlist you get the next free seat, in the order people joined." /></p>}
        </>
      )}
    </section>
  );
}

function OrganizerTools({ event }: { event: EventRecord }) {
  const cancel = useCancelEvent(event.id);
  const navigate = useNavigate();
  const intl = useIntl();
  return (
    <section className="panel" aria-labelledby="organise-title">
      <h2 id="organise-title"><FormattedMessage id="event.youOrganise" defaultMessage="You organise this event" /></h2>
      <p><FormattedMessage id="event.figures" defaultMessage="{confirmed} confirmed · {waiting} waiting · capacity {capacity}"
        values={{ confirmed: event.registered_count, waiting: event.waitlist_count, capacity: event.capacity }} /></p>
      <div className="actions">
        <Link className="button" to={to.manageEvent(event.id)}><FormattedMessage id="event.attendeesLink" defaultMessage="Attendees and check-in" /></Link>
        {event.status !== "cancelled" && <>
          <Link className="button secondary" to={to.editEvent(event.id)}><FormattedMessage id="event.edit" defaultMessage="Edit" /></Link>
          <button type="button" className="danger" disabled={cancel.isPending} onClick={() => {
            if (window.confirm(intl.formatMessage({ id: "event.cancelConfirm", defaultMessage: "Cancel this event for everyone? Every ticket holder is notified." }))) {
              cancel.mutate(undefined, { onSuccess: () => navigate(to.event(event.id)) });
            }
          }}><FormattedMessage id="event.cancel" defaultMessage="Cancel event" /></button>
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
  const intl = useIntl();
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title"><FormattedMessage id="event.reviews" defaultMessage="Reviews" /></h2>
      {event.rating_avg !== null && (
        <p><Stars rating={event.rating_avg} />{" "}
          <FormattedMessage id="event.rating" defaultMessage="{rating, number, ::.0} from {count, plural, one {# review} other {# reviews}}"
            values={{ rating: event.rating_avg, count: event.review_count }} /></p>
      )}
      {attended && !reviewed && (started ? <ReviewForm eventId={event.id} />
        : <p className="muted"><FormattedMessage id="event.reviewLater" defaultMessage="You can review this event once it has started." /></p>)}
      {reviews.isPending && <Loading what={intl.formatMessage({ id: "event.loadingReviews", defaultMessage: "Loading reviews" })} />}
      <Problem error={reviews.error} />
      {reviews.isSuccess && items.length === 0 && <Empty><FormattedMessage id="event.noReviews" defaultMessage="No reviews yet." /></Empty>}
      <ul className="reviews">
        {items.map((review) => (
          <li key={review.id}>
            <p><Stars rating={review.rating} /> <strong>@{review.username}</strong></p>
            {review.comment && <p>{review.comment}</p>}
          </li>
        ))}
      </ul>
      {reviews.hasNextPage && <button type="button" className="secondary" onClick={() => void reviews.fetchNextPage()}>
        <FormattedMessage id="event.moreReviews" defaultMessage="More reviews" /></button>}
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
  const intl = useIntl();
  return (
    <form className="panel" noValidate onSubmit={form.handleSubmit((values) => review.mutate(
      { rating: Number(values.rating), comment: values.comment },
      { onError: (error) => placeFieldErrors(error, form.setError, ["rating", "comment"]) },
    ))}>
      <fieldset aria-describedby={errors.rating ? "rating-error" : undefined}>
        <legend><FormattedMessage id="review.rating" defaultMessage="Your rating" /></legend>
        <div className="star-input">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" value={String(n)} {...form.register("rating", {
                required: intl.formatMessage({ id: "review.ratingRequired", defaultMessage: "Choose from 1 to 5 stars" }),
              })} />
              <FormattedMessage id="review.stars" defaultMessage="{n, plural, one {# star} other {# stars}}" values={{ n }} />
            </label>
          ))}
        </div>
        {errors.rating && <small id="rating-error" className="field-error">{errors.rating.message}</small>}
      </fieldset>
      <Field label={intl.formatMessage({ id: "review.comment", defaultMessage: "Comment (optional)" })} error={errors.comment?.message}>
        {(props) => <textarea {...props} rows={3} maxLength={2000} {...form.register("comment")} />}
      </Field>
      <Problem error={review.error} />
      <button type="submit" disabled={review.isPending}><FormattedMessage id="review.post" defaultMessage="Post review" /></button>
    </form>
  );
}
