import type { EventRecord } from "../api/types";

/** The event's cover, from its renditions (`srcset`): the browser fetches the width `sizes`
 * says it needs; width and height keep its place while it loads (no layout shift). Images below
 * the fold load lazily; the event page's own cover is eager and asked for first. */
export function Cover({ event, sizes, eager = false, className = "cover" }: {
  event: EventRecord;
  sizes: string;
  eager?: boolean;
  className?: string;
}) {
  const image = event.image;
  if (!image || image.sources.length === 0) return null;
  const srcSet = image.sources.map((s) => `${s.url} ${s.width}w`).join(", ");
  const fallback = image.sources[Math.min(1, image.sources.length - 1)]!.url; // 960 px where there is one
  return (
    <img className={className} src={fallback} srcSet={srcSet} sizes={sizes} width={image.width}
      height={image.height} alt={event.image_alt || event.title} decoding="async"
      loading={eager ? "eager" : "lazy"} fetchPriority={eager ? "high" : "auto"} />
  );
}
