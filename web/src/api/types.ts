// The API's records as its responses carry them (openapi.yaml, docs/api.md).
export type Iso = string;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface User {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  created_at: Iso;
  email?: string;
  updated_at?: Iso;
}

export type EventStatus = "active" | "cancelled";

export interface EventRecord {
  id: string;
  organizer_id: string;
  title: string;
  description: string;
  starts_at: Iso;
  ends_at: Iso | null;
  timezone: string;
  location: string;
  capacity: number;
  price: number;
  currency: string;
  status: EventStatus;
  registered_count: number;
  seats_left: number;
  waitlist_count: number;
  review_count: number;
  rating_avg: number | null;
  sold_out_at: Iso | null;
  /** Tickets can be had now: scheduled and not started (the server's clock decides). */
  sales_open: boolean;
  created_at: Iso;
  updated_at: Iso;
}

export type RegistrationStatus = "confirmed" | "waitlisted" | "pending_payment" | "cancelled";

export type PaymentStatus = "open" | "paid" | "failed" | "expired" | "cancelled" | "refund_pending" | "refunded";

/** A ticket's payment (amounts in minor units of `currency`): how to pay, then the receipt. */
export interface Payment {
  id: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  provider: string | null;
  checkout_url: string | null;
  expires_at: Iso;
  paid_at: Iso | null;
  refunded_at: Iso | null;
  refund_reason: string | null;
  created_at: Iso;
}

export interface Sales {
  event_id: string;
  currency: string;
  price: number;
  capacity: number;
  confirmed_count: number;
  held_count: number;
  paid_count: number;
  paid_amount: number;
  refunded_count: number;
  refunded_amount: number;
  net_amount: number;
}

export interface Registration {
  id: string;
  event_id: string;
  user_id: string;
  status: RegistrationStatus;
  hold_expires_at: Iso | null;
  checked_in_at: Iso | null;
  created_at: Iso;
  updated_at: Iso;
  ticket_code?: string;
  payment?: Payment;
  event?: { id: string; title: string; starts_at: Iso; timezone: string; location: string; status: EventStatus };
}

export interface Review {
  id: string;
  event_id: string;
  user_id: string;
  username: string;
  rating: number;
  comment: string;
  created_at: Iso;
}

export interface Notification {
  id: string;
  kind: string;
  message: string;
  event_id: string | null;
  read_at: Iso | null;
  created_at: Iso;
}

export interface SignedIn {
  id_token: string;
  token_type: "Bearer";
  expires_in: number;
  uid: string;
}

/** What an organiser sets: the body of POST /events (and, partly, of PATCH). */
export type EventFields = Pick<EventRecord, "title" | "description" | "starts_at" | "ends_at" | "timezone" | "location"
  | "capacity" | "price" | "currency">;
