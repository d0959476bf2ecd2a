import { useEffect, useRef } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";
import { useSearchParams } from "react-router";

import { type EventFilters, useEvents } from "../api/queries";
import type { Category } from "../api/types";
import { CATEGORIES } from "../categories";
import { EventCard } from "../components/EventCard";
import { ForYou } from "../components/ForYou";
import { ReviewInsight } from "../components/ReviewInsight";
import { TeamEvents } from "../components/TeamEvents";
import { Empty, Loading, Problem } from "../components/Problem";
import { startOfDay } from "../time";

const said = defineMessages({
  all: { id: "events.whose.all", defaultMessage: "All events" },
  mine: { id: "events.whose.mine", defaultMessage: "Mine" },
  minePast: { id: "events.whose.minePast", defaultMessage: "Mine, past" },
  mineCancelled: { id: "events.whose.mineCancelled", defaultMessage: "Mine, cancelled" },
  others: { id: "events.whose.others", defaultMessage: "Not mine" },
  upcoming: { id: "events.title", defaultMessage: "Upcoming events" },
  past: { id: "events.title.past", defaultMessage: "My past events" },
  cancelled: { id: "events.title.cancelled", defaultMessage: "My cancelled events" },
});
const WHOSE = [["all", said.all], ["mine", said.mine], ["mine-past", said.minePast],
  ["mine-cancelled", said.mineCancelled], ["others", said.others]] as const;
type Whose = (typeof WHOSE)[number][0];
const TITLES = { "mine-past": said.past, "mine-cancelled": said.cancelled } as const;

function filtersOf(params: URLSearchParams): EventFilters & { fromDay: string; toDay: string } {
  const whose = params.get("whose");
  const category = params.get("category");
  const fromDay = params.get("from") ?? "";
  const toDay = params.get("to") ?? "";
  // "to" is a whole day: up to the start of the day after it
  const dayAfter = toDay ? new Date(Date.parse(`${toDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : "";
  return {
    q: params.get("q") ?? "", location: params.get("location") ?? "",
    from: startOfDay(fromDay) ?? "", to: startOfDay(dayAfter) ?? "",
    whose: WHOSE.some(([value]) => value === whose) ? (whose as Whose) : "all", fromDay, toDay,
    category: category && category in CATEGORIES ? (category as Category) : undefined,
    tag: params.get("tag") ?? undefined,
  };
}

export function EventsPage() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const { fromDay, toDay, ...filters } = filtersOf(params);
  const events = useEvents(filters);
  const more = useRef<HTMLDivElement>(null);

  // endless scroll: the next page loads as the end of the list comes into view (the button stays
  // for keyboards and for browsers without IntersectionObserver)
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  useEffect(() => {
    const target = more.current;
    if (!target || !hasNextPage || isFetchingNextPage || !("IntersectionObserver" in window)) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">{intl.formatMessage(
        filters.whose === "mine-past" || filters.whose === "mine-cancelled" ? TITLES[filters.whose] : said.upcoming)}</h1>
      <form key={params.toString()} className="filters" role="search" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const next = new URLSearchParams();
        for (const [key, value] of data) if (typeof value === "string" && value.trim() && value !== "all") next.set(key, value.trim());
        setParams(next);
      }}>
        <div className="field"><label htmlFor="q"><FormattedMessage id="events.search" defaultMessage="Search" /></label>
          <input id="q" name="q" type="search" defaultValue={filters.q}
            placeholder={intl.formatMessage({ id: "events.search.hint", defaultMessage: "Title or description" })} /></div>
        <div className="field"><label htmlFor="location"><FormattedMessage id="events.location" defaultMessage="Location" /></label>
          <input id="location" name="location" defaultValue={filters.location} /></div>
        <div className="field"><label htmlFor="from"><FormattedMessage id="events.from" defaultMessage="From" /></label>
          <input id="from" name="from" type="date" defaultValue={fromDay} /></div>
        <div className="field"><label htmlFor="to"><FormattedMessage id="events.to" defaultMessage="To" /></label>
          <input id="to" name="to" type="date" defaultValue={toDay} /></div>
        <div className="field"><label htmlFor="category"><FormattedMessage id="events.category" defaultMessage="Category" /></label>
          <select id="category" name="category" defaultValue={filters.category ?? "all"}>
            <option value="all">{intl.formatMessage({ id: "events.category.any", defaultMessage: "Any" })}</option>
            {Object.entries(CATEGORIES).map(([value, label]) => <option key={value} value={value}>{intl.formatMessage(label)}</option>)}
          </select></div>
        <div className="field"><label htmlFor="whose"><FormattedMessage id="events.organiser" defaultMessage="Organiser" /></label>
          <select id="whose" name="whose" defaultValue={filters.whose}>
            {WHOSE.map(([value, label]) => <option key={value} value={value}>{intl.formatMessage(label)}</option>)}
          </select></div>
        <button type="submit"><FormattedMessage id="events.searchButton" defaultMessage="Search" /></button>
      </form>
      {filters.whose === "all" && !params.toString() && <ForYou />}
      {filters.whose === "mine-past" && <ReviewInsight />}
      {filters.whose === "mine" && <TeamEvents />}
      {events.isPending && <Loading what={intl.formatMessage({ id: "events.loading", defaultMessage: "Loading events" })} />}
      <Problem error={events.error} />
      {events.isSuccess && items.length === 0 && (
        <Empty><FormattedMessage id="events.none" defaultMessage="No events match. Try other filters, or create one." /></Empty>
      )}
      <ul className="cards" aria-label={intl.formatMessage({ id: "events.list", defaultMessage: "Events" })}>
        {items.map((event) => <EventCard key={event.id} event={event} />)}
      </ul>
      <div ref={more}>
        {events.hasNextPage && (
          <button type="button" className="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? <FormattedMessage id="events.loadingMore" defaultMessage="Loading…" />
              : <FormattedMessage id="events.more" defaultMessage="More events" />}
          </button>
        )}
      </div>
    </section>
  );
}
