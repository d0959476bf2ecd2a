export function Stars({ rating, of = 5 }: { rating: number; of?: number }) {
  const full = Math.round(rating);
  return (
    <span className="stars" role="img" aria-label={`${rating.toFixed(1).replace(/\.0$/, "")} out of ${of} stars`}>
      {"★".repeat(full)}<span className="stars-empty">{"★".repeat(of - full)}</span>
    </span>
  );
}
