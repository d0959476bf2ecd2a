import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";

import { type EventFilters, useEvents } from "../api/queries";
import type { Category } from "../api/types";
import { CATEGORIES } from "../categories";
import { EventCard } from "../components/EventCard";
import { ForYou } from "../components/ForYou";
import { ReviewInsight } from "../components/ReviewInsight";
import { Empty, Loading, Problem } from "../components/Problem";
import { startOfDay } from "../time";

const WHOSE = [["all", "All events"], ["mine", "Mine"], ["mine-past", "Mine, past"],
  ["mine-cancelled", "Mine, cancelled"], ["others", "Not mine"]] as const;
type Whose = (typeof WHOSE)[number][0];
const TITLES: Partial<Record<Whose, string>> = { "mine-past": "My past events", "mine-cancelled": "My cancelled events" };

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
      <h1 id="events-title">{TITLES[filters.whose ?? "all"] ?? "Upcoming events"}</h1>
      <form key={params.toString()} className="filters" role="search" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const next = new URLSearchParams();
        for (const [key, value] of data) if (typeof value === "string" && value.trim() && value !== "all") next.set(key, value.trim());
        setParams(next);
      }}>
        <div className="field"><label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} placeholder="Title or description" /></div>
        <div className="field"><label htmlFor="location">Location</label>
          <input id="location" name="location" defaultValue={filters.location} /></div>
        <div className="field"><label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={fromDay} /></div>
        <div className="field"><label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={toDay} /></div>
        <div className="field"><label htmlFor="category">Category</label>
          <select id="category" name="category" defaultValue={filters.category ?? "all"}>
            <option value="all">Any</option>
            {Object.entries(CATEGORIES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select></div>
        <div className="field"><label htmlFor="whose">Organiser</label>
          <select id="whose" name="whose" defaultValue={filters.whose}>
            {WHOSE.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select></div>
        <button type="submit">Search</button>
      </form>
      {filters.whose === "all" && !params.toString() && <ForYou />}
      {filters.whose === "mine-past" && <ReviewInsight />}
      {events.isPending && <Loading what="Loading events" />}
      <Problem error={events.error} />
      {events.isSuccess && items.length === 0 && <Empty>No events match. Try other filters, or create one.</Empty>}
      <ul className="cards" aria-label="Events">
        {items.map((event) => <EventCard key={event.id} event={event} />)}
      </ul>
      <div ref={more}>
        {events.hasNextPage && (
          <button type="button" className="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? "Loading…" : "More events"}
          </button>
        )}
      </div>
    </section>
  );
}
