// Who is signed in. The token lives in sessionStorage: it survives a reload but not the tab, is
// never in a cookie (so no request can be forged with it) and never in a URL. The strict
// Content-Security-Policy the app serves the client with is what keeps scripts from reading it.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";

import { api, configureAuth } from "./api/client";
import type { SignedIn } from "./api/types";

export interface Session {
  token: string;
  uid: string;
  expiresAt: number; // ms since the epoch, on the browser's clock
}

const KEY = "events.session";
// end the session a little before the token does: a call in flight then never meets a 401
const MARGIN_MS = 30_000;

export function readSession(now = Date.now()): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Session | null;
    return session && session.expiresAt - MARGIN_MS > now ? session : null;
  } catch {
    return null;
  }
}

export function sessionFrom(signedIn: SignedIn, now = Date.now()): Session {
  return { token: signedIn.id_token, uid: signedIn.uid, expiresAt: now + signedIn.expires_in * 1000 };
}

// why the last session ended: signed out, ran out, the account deleted, or a new password set
export type Ended = "signed_out" | "expired" | "deleted" | "password_set" | null;

interface SessionState {
  session: Session | null;
  ended: Ended; // why the last session ended, for the sign-in page to say
  signIn: (signedIn: SignedIn) => void;
  signOut: () => Promise<void>;
  expire: () => void; // the API no longer takes the token
  close: (why: Ended) => void; // end it here, for a reason the API already acted on
}

const Context = createContext<SessionState | null>(null);

// Set before anything renders: children's effects (the notification stream) run before the
// provider's own, and must already send the token.
let expired = () => undefined as void;
configureAuth({ token: () => readSession()?.token ?? null, unauthorized: () => expired() });

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => readSession());
  const [ended, setEnded] = useState<Ended>(null);

  const end = useCallback((why: Ended) => {
    sessionStorage.removeItem(KEY);
    setSession(null);
    setEnded(why);
    client.clear(); // nothing of one person's data stays for the next
  }, [client]);

  useEffect(() => {
    expired = () => end("expired");
  }, [end]);

  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(() => end("expired"), Math.max(0, session.expiresAt - MARGIN_MS - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, end]);

  const value = useMemo<SessionState>(() => ({
    session,
    ended,
    signIn: (signedIn) => {
      const next = sessionFrom(signedIn);
      sessionStorage.setItem(KEY, JSON.stringify(next));
      client.clear();
      setEnded(null);
      setSession(next);
    },
    signOut: async () => {
      try {
        await api("/auth/logout", { method: "POST" }); // every token of this person stops working
      } finally {
        end("signed_out");
      }
    },
    expire: () => end("expired"),
    close: end,
  }), [session, ended, client, end]);

  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(Context);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}
