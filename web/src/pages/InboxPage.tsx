import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { Link } from "react-router";

import { useMarkAllRead, useMarkRead, useNotifications } from "../api/queries";
import type { Notification } from "../api/types";
import { Empty, Loading, Problem } from "../components/Problem";
import { formatLocale, useLanguage } from "../i18n";
import { to } from "../paths";

// when a notification came, in the reader's own zone and language, the zone named
const READER_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
};

export default function InboxPage() {
  const intl = useIntl();
  const [unread, setUnread] = useState(false);
  const notifications = useNotifications(unread);
  const markAll = useMarkAllRead();
  const items = notifications.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title"><FormattedMessage id="inbox.title" defaultMessage="Notifications" /></h1>
      <div className="actions">
        <label className="check"><input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} />{" "}
          <FormattedMessage id="inbox.unreadOnly" defaultMessage="Unread only" /></label>
        <button type="button" className="secondary" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
          <FormattedMessage id="inbox.markAll" defaultMessage="Mark all read" /></button>
      </div>
      <Problem error={markAll.error} />
      {notifications.isPending && <Loading what={intl.formatMessage({ id: "inbox.loading", defaultMessage: "Loading notifications" })} />}
      <Problem error={notifications.error} />
      {notifications.isSuccess && items.length === 0 && <Empty>{unread
        ? intl.formatMessage({ id: "inbox.noneUnread", defaultMessage: "Nothing unread." })
        : intl.formatMessage({ id: "inbox.none", defaultMessage: "No notifications yet." })}</Empty>}
      <ul className="inbox" aria-label={intl.formatMessage({ id: "inbox.list", defaultMessage: "Notifications" })}>
        {items.map((n) => <Item key={n.id} notification={n} />)}
      </ul>
      {notifications.hasNextPage && <button type="button" className="secondary" onClick={() => void notifications.fetchNextPage()}>
        <FormattedMessage id="inbox.older" defaultMessage="Older notifications" /></button>}
    </section>
  );
}

function Item({ notification }: { notification: Notification }) {
  const intl = useIntl();
  const { language } = useLanguage();
  const markRead = useMarkRead();
  const read = notification.read_at !== null;
  return (
    <li className={read ? "read" : "unread"} data-testid="notification">
      <p>{!read && <span className="dot" role="img"
        aria-label={intl.formatMessage({ id: "inbox.unread", defaultMessage: "Unread" })} />}{notification.message}</p>
      <p className="muted"><time dateTime={notification.created_at}>
        {new Intl.DateTimeFormat(formatLocale(language), READER_TIME).format(new Date(notification.created_at))}</time>
        {notification.event_id && <> · <Link to={to.event(notification.event_id)}>
          <FormattedMessage id="inbox.openEvent" defaultMessage="Open the event" /></Link></>}</p>
      {!read && <button type="button" className="link" disabled={markRead.isPending} onClick={() => markRead.mutate(notification.id)}>
        <FormattedMessage id="inbox.markRead" defaultMessage="Mark read" /></button>}
    </li>
  );
}
