import { describe, expect, it } from "vitest";

import { COVER_MAX_BYTES, coverProblem } from "./CoverPicker";

describe("coverProblem", () => {
  it("takes the three raster types the API takes, up to 10 MB", () => {
    for (const type of ["image/jpeg", "image/png", "image/webp"]) expect(coverProblem({ type, size: 1000 })).toBeNull();
    expect(coverProblem({ type: "image/png", size: COVER_MAX_BYTES })).toBeNull();
  });

  it("refuses SVG, GIF, other files, empty and oversized ones", () => {
    expect(coverProblem({ type: "image/svg+xml", size: 100 })).toBe("type");
    expect(coverProblem({ type: "image/gif", size: 100 })).toBe("type");
    expect(coverProblem({ type: "", size: 100 })).toBe("type");
    expect(coverProblem({ type: "image/png", size: 0 })).toBe("empty");
    expect(coverProblem({ type: "image/png", size: COVER_MAX_BYTES + 1 })).toBe("size");
  });
});
