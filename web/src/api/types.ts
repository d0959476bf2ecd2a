// The API's records as its responses carry them: named views of the types generated from
// openapi.yaml (src/api/schema.ts, `npm run api-types`; `make test` fails when it is stale), so
// the client cannot drift from the contract.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Iso = string;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type User = Schemas["PublicUser"];
export type ProfilePatch = Schemas["ProfilePatch"];
export type EventRecord = Schemas["Event"];
export type EventStatus = EventRecord["status"];
/** A ticket as its holder reads it (with its event's summary in lists) or its organiser does. */
export type Registration = Schemas["OwnRegistration"];
export type RegistrationStatus = Registration["status"];
/** A ticket's payment (amounts in minor units of `currency`): how to pay, then the receipt. */
export type Payment = Schemas["Payment"];
export type TicketType = Schemas["TicketType"];
/** Several tickets bought together: read whole, with every ticket, the event and the payment. */
export type Order = Schemas["Order"];
export type OrderIn = Schemas["OrderIn"];
export type AttendeeIn = Schemas["AttendeeIn"];
/** Whom a ticket of an order is for, with their answers to what is asked of each attendee. */
export type OrderAttendee = NonNullable<OrderIn["attendees"]>[number];
/** A promo or access code, as its organiser reads it (with its uses). */
export type PromoCode = Schemas["PromoCode"];
export type PromoCodeIn = Schemas["PromoCodeIn"];
/** What an event asks its buyers, and their answers by question id. */
export type Question = Schemas["Question"];
export type Answers = Schemas["Answers"];
export type Answer = Answers[string];
export type QuestionFields = Schemas["QuestionIn"];
/** What may change of a question once asked: its words, whether required, its choices. */
export type QuestionPatch = Schemas["QuestionPatch"];
export type TicketTypeFields = Schemas["TicketTypePatch"];
export type PaymentStatus = Payment["status"];
export type Sales = Schemas["Sales"];
export type Dashboard = Schemas["Dashboard"];
export type Insight = Schemas["Insight"];
export type Forecast = Schemas["Forecast"];
/** One "For you" pick: the event and why it is there. */
export type Recommendation = Schemas["Recommendations"]["items"][number];
export type Review = Schemas["Review"];
export type Notification = Schemas["Notification"];
export type SignedIn = Schemas["TokenGrant"];
/** An event's team (docs/team.md): who helps run it, the places offered, the caller's own role. */
export type Role = Schemas["Role"];
export type TeamRole = Schemas["TeamRole"];
export type Team = Schemas["Team"];
export type TeamPlace = Schemas["TeamPlace"];

/** What an organiser sets: the body of POST /events (and, partly, of PATCH). */
export type EventFields = Pick<EventRecord, "title" | "description" | "starts_at" | "ends_at" | "timezone" | "location"
  | "capacity" | "price" | "currency" | "max_per_order" | "image_alt" | "category" | "tags">;
export type Category = EventRecord["category"];
/** An event's cover: its renditions for a srcset, and the widest one's size. */
export type Cover = NonNullable<EventRecord["image"]>;
