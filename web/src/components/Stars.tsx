import { useIntl } from "react-intl";

export function Stars({ rating, of = 5 }: { rating: number; of?: number }) {
  const full = Math.round(rating);
  const intl = useIntl();
  return (
    <span className="stars" role="img" aria-label={intl.formatMessage({ id: "stars.label", defaultMessage: "{rating, number, ::.#} out of {of} stars" }, { rating, of })}>
      {"★".repeat(full)}<span className="stars-empty">{"★".repeat(of - full)}</span>
    </span>
  );
}
