import { describe, expect, it } from "vitest";

import { ApiError } from "./api/client";
import { checkInSentence, fieldErrors, sentence, waitText } from "./problems";

describe("sentence", () => {
  it("says a known 409 code as a plain sentence", () => {
    expect(sentence(new ApiError(409, "already_checked_in", "this ticket was already used"))).toBe(
      "Already used: this ticket has been checked in before.");
  });

  it("says how long to wait on a 429", () => {
    expect(sentence(new ApiError(429, "rate_limited", "too many", [], 90))).toBe("Too many attempts. Try again in 2 minutes.");
    expect(sentence(new ApiError(429, "rate_limited", "too many", [], 1))).toBe("Too many attempts. Try again in 1 second.");
  });

  it("falls back to the API's detail, as a sentence", () => {
    expect(sentence(new ApiError(409, "something_new", "the moon is full"))).toBe("The moon is full.");
    expect(sentence(new Error("boom"))).toBe("Something went wrong. Try again.");
  });

  it("keeps the first message for each field", () => {
    const error = new ApiError(422, "validation_failed", "invalid", [
      { field: "password", message: "too common" }, { field: "password", message: "second" }, { field: "email", message: "bad" }]);
    expect(fieldErrors(error)).toEqual({ password: "too common", email: "bad" });
  });

  it("writes waits in seconds, then minutes", () => {
    expect(waitText(59)).toBe("59 seconds");
    expect(waitText(61)).toBe("2 minutes");
  });
});

describe("checkInSentence", () => {
  it("says not valid for an unknown code and for a ticket that cannot enter", () => {
    expect(checkInSentence(new ApiError(404, "not_found", "no ticket with this code"))).toBe("Not valid: no ticket for this event has that code.");
    expect(checkInSentence(new ApiError(409, "ticket_not_valid", "this seat is not paid for yet"))).toBe("Not valid: this seat is not paid for yet.");
    expect(checkInSentence(new ApiError(409, "already_checked_in", "used"))).toMatch(/^Already used/);
  });
});
