import { createContext, useContext } from "react";

/**
 * Facts about the response being rendered: the CSP nonce for the inline scripts Remix writes, and
 * the request id that error pages show (it is in the log line too). entry.server provides them;
 * entry.client reads the request id back from the page.
 */
export interface RequestInfo {
  nonce?: string;
  requestId?: string;
}

export const RequestInfoContext = createContext<RequestInfo>({});
export const useNonce = () => useContext(RequestInfoContext).nonce;
export const useRequestId = () => useContext(RequestInfoContext).requestId;
