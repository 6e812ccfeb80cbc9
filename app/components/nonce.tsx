import { createContext, useContext } from "react";

/** The per-response CSP nonce, provided by entry.server for the inline scripts Remix writes. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
