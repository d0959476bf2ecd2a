import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";

import { ApiError } from "./api/client";
import { App } from "./App";
import { LanguageProvider } from "./i18n";
import { SessionProvider } from "./session";
import "./styles.css";
import { applyTheme, readTheme } from "./theme";

applyTheme(readTheme()); // before the first paint: no flash of the other theme

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // a 4xx will not change by asking again; a lost connection or a 503 may
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <LanguageProvider>
        <BrowserRouter>
          <SessionProvider>
            <App />
          </SessionProvider>
        </BrowserRouter>
      </LanguageProvider>
    </QueryClientProvider>
  </StrictMode>,
);
