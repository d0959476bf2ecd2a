import { defineMessages } from "react-intl";

import type { Category } from "./api/types";

/** The taxonomy (app/domain/catalog.py), in the order the API's schema lists it, with the words the
 * client shows; typed by the schema, so a category added there fails the build here until named. */
export const CATEGORIES: Record<Category, { id: string; defaultMessage: string }> = defineMessages({
  music: { id: "category.music", defaultMessage: "Music" },
  tech: { id: "category.tech", defaultMessage: "Tech" },
  business: { id: "category.business", defaultMessage: "Business" },
  arts: { id: "category.arts", defaultMessage: "Arts" },
  film: { id: "category.film", defaultMessage: "Film" },
  sports: { id: "category.sports", defaultMessage: "Sports" },
  health: { id: "category.health", defaultMessage: "Health" },
  food: { id: "category.food", defaultMessage: "Food and drink" },
  education: { id: "category.education", defaultMessage: "Education" },
  science: { id: "category.science", defaultMessage: "Science" },
  community: { id: "category.community", defaultMessage: "Community" },
  family: { id: "category.family", defaultMessage: "Family" },
  travel: { id: "category.travel", defaultMessage: "Travel" },
  games: { id: "category.games", defaultMessage: "Games" },
  other: { id: "category.other", defaultMessage: "Other" },
});
