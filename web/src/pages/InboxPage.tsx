import { useState } from "react";
import { Link } from "react-router";

import { useMarkAllRead, useMarkRead, useNotifications } from "../api/queries";
import type { Notification } from "../api/types";
import { Empty, Loading, Problem } from "../components/Problem";
import { to } from "../paths";

// when a notification came, in the reader's own zone and language, the zone named
const READER_TIME = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
});

export default function InboxPage() {
  const [unread, setUnread] = useState(false);
  const notifications = useNotifications(unread);
  const markAll = useMarkAllRead();
  const items = notifications.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">Notifications</h1>
      <div className="actions">
        <label className="check"><input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} /> Unread only</label>
        <button type="button" className="secondary" disabled={markAll.isPending} onClick={() => markAll.mutate()}>Mark all read</button>
      </div>
      <Problem error={markAll.error} />
      {notifications.isPending && <Loading what="Loading notifications" />}
      <Problem error={notifications.error} />
      {notifications.isSuccess && items.length === 0 && <Empty>{unread ? "Nothing unread." : "No notifications yet."}</Empty>}
      <ul className="inbox" aria-label="Notifications">
        {items.map((n) => <Item key={n.id} notification={n} />)}
      </ul>
      {notifications.hasNextPage && <button type="button" className="secondary" onClick={() => void notifications.fetchNextPage()}>Older notifications</button>}
    </section>
  );
}

function Item({ notification }: { notification: Notification }) {
  const markRead = useMarkRead();
  const read = notification.read_at !== null;
  return (
    <li className={read ? "read" : "unread"} data-testid="notification">
      <p>{!read && <span className="dot" aria-label="Unread" role="img" />}{notification.message}</p>
      <p className="muted"><time dateTime={notification.created_at}>{READER_TIME.format(new Date(notification.created_at))}</time>
        {notification.event_id && <> · <Link to={to.event(notification.event_id)}>Open the event</Link></>}</p>
      {!read && <button type="button" className="link" disabled={markRead.isPending} onClick={() => markRead.mutate(notification.id)}>Mark read</button>}
    </li>
  );
}
