// The QR decoder for browsers without BarcodeDetector (Chromium on Linux and Windows, Firefox,
// Safari before 17): ZXing-C++ compiled to WebAssembly (zxing-wasm, reader build). Loaded only when
// the desk presses "scan" on such a browser; its wasm file is served from our own build folder
// (the package would fetch it from a CDN otherwise, which the CSP and offline desks forbid).
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm";

prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) } });

/** The text of the first QR code in the frame, or null. */
export async function readQrCode(frame: ImageData): Promise<string | null> {
  const [found] = await readBarcodes(frame, { formats: ["QRCode"], maxNumberOfSymbols: 1, tryHarder: true });
  return found?.isValid ? found.text : null;
}
