// React 18's web-stream server renderer, imported by its own entry (app/entry.server.tsx says why):
// @types/react-dom types it under "react-dom/server" only.
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
