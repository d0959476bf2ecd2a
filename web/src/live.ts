// The live notifications of the signed-in person: one stream for the whole page (the API allows a
// few per person), read with fetch so the token travels in a header rather than the URL. When it
// ends (the server's STREAM_SECONDS, a restart, a lost connection) it reconnects and resumes with
// Last-Event-ID, so nothing stored in between is missed.
import { useQueryClient } from "@tanstack/react-query";
import { createParser } from "eventsource-parser";
import { useEffect, useState } from "react";

import { bearer, problemOf } from "./api/client";
import { refreshFor } from "./api/queries";
import type { Notification } from "./api/types";

export type StreamState = "connecting" | "live" | "waiting";

/** How long to wait before reconnecting: the server's word, else doubling from 1 s to 30 s. */
export function reconnectDelay(failures: number, serverSaysMs: number | null): number {
  if (serverSaysMs !== null) return serverSaysMs;
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

export interface StreamHandlers {
  onNotification: (notification: Notification) => void;
  onState: (state: StreamState) => void;
  onUnauthorized: () => void;
}

/** Runs until `signal` aborts. Exported for tests; the app uses useLiveNotifications. */
export async function follow(url: string, signal: AbortSignal, handlers: StreamHandlers): Promise<void> {
  let lastId: string | null = null;
  let retryMs = 2000;
  let failures = 0;
  while (!signal.aborted) {
    handlers.onState("connecting");
    let wait: number | null = null;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream", ...bearer() };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await fetch(url, { headers, signal, cache: "no-store" });
      if (response.status === 401) {
        handlers.onUnauthorized();
        return;
      }
      if (!response.ok || !response.body) {
        const problem = await problemOf(response);
        failures += 1;
        wait = problem.retryAfter !== null ? problem.retryAfter * 1000 : null;
      } else {
        failures = 0;
        handlers.onState("live");
        let ended = false; // the session ended (signed out everywhere): no reconnecting
        const parser = createParser({
          onEvent: (message) => {
            if (message.id) lastId = message.id;
            if (message.event === "notification") handlers.onNotification(JSON.parse(message.data) as Notification);
            if (message.event === "session_ended") ended = true;
          },
          onRetry: (ms) => {
            retryMs = ms;
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        if (ended) {
          handlers.onUnauthorized();
          return;
        }
        wait = retryMs; // the server ended the stream on purpose: come back as it asked
      }
    } catch {
      if (signal.aborted) return;
      failures += 1;
    }
    handlers.onState("waiting");
    await sleep(reconnectDelay(failures, wait), signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export function useLiveNotifications(token: string | null, onUnauthorized: () => void): StreamState {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  useEffect(() => {
    if (!token) return;
    const stop = new AbortController();
    void follow("/notifications/stream", stop.signal, {
      onNotification: (notification) => refreshFor(client, notification),
      onState: setState,
      onUnauthorized,
    });
    return () => stop.abort();
  }, [token, client, onUnauthorized]);
  return state;
}
