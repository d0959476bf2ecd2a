import type { Category } from "./api/types";

/** The taxonomy (app/domain/catalog.py), in the order the API's schema lists it, with the words the
 * client shows; typed by the schema, so a category added there fails the build here until named. */
export const CATEGORIES: Record<Category, string> = {
  music: "Music", tech: "Tech", business: "Business", arts: "Arts", film: "Film", sports: "Sports",
  health: "Health", food: "Food and drink", education: "Education", science: "Science",
  community: "Community", family: "Family", travel: "Travel", games: "Games", other: "Other",
};
