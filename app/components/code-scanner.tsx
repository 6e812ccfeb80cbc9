// The desk's camera for check-in codes: the browser's BarcodeDetector where it reads QR codes,
// otherwise the ZXing decoder loaded on demand (qr-reader.client.ts), so no other page pays for it.
// Each code read is handed to `onCode` once (the same code again only after a pause). Without a
// camera, or without JavaScript, the button is not shown: the typed code and the search remain.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

type Detect = (video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>;

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function makeDetector(): Promise<Detect> {
  const Native = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Native && (await Native.getSupportedFormats()).includes("qr_code")) {
    const detector = new Native({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { readQrCode } = await import("./qr-reader.client.ts");
  return async (video, canvas) => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    context.drawImage(video, 0, 0);
    return readQrCode(context.getImageData(0, 0, canvas.width, canvas.height));
  };
}

const SAME_CODE_PAUSE_MS = 4000;
const FRAME_INTERVAL_MS = 200;

export function CodeScanner({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useTranslation();
  const [available, setAvailable] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => setAvailable(typeof navigator !== "undefined" && !!navigator.mediaDevices?.getUserMedia), []);

  useEffect(() => {
    if (!scanning) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let last = { text: "", at: 0 };
    (async () => {
      let detect: Detect;
      try {
        detect = await makeDetector();
      } catch {
        setProblem("events.staff.decoderFailed");
        setScanning(false);
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch (error) {
        const name = error instanceof DOMException ? error.name : "";
        setProblem(name === "NotAllowedError" || name === "SecurityError" ? "events.staff.cameraDenied" : name === "NotFoundError" || name === "OverconstrainedError" ? "events.staff.cameraMissing" : "events.staff.cameraFailed");
        setScanning(false);
        return;
      }
      if (stopped || !video.current) return stream.getTracks().forEach((track) => track.stop());
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      const tick = async () => {
        if (stopped) return;
        const v = video.current;
        if (v && canvas.current && v.readyState >= v.HAVE_CURRENT_DATA && v.videoWidth > 0) {
          const text = await detect(v, canvas.current).catch(() => null);
          const now = Date.now();
          if (text && !stopped && (text !== last.text || now - last.at > SAME_CODE_PAUSE_MS)) handler.current(text);
          if (text) last = { text, at: now };
        }
        timer = setTimeout(tick, FRAME_INTERVAL_MS);
      };
      tick();
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [scanning]);

  if (!available) return null;
  return (
    <div className="code-scanner">
      <button
        type="button"
        className="button"
        aria-pressed={scanning}
        onClick={() => {
          setProblem(null);
          setScanning(!scanning);
        }}
      >
        {scanning ? t("events.staff.scanStop") : t("events.staff.scan")}
      </button>
      {problem ? (
        <p className="form-error" role="alert">
          {t(problem)}
        </p>
      ) : null}
      {scanning ? (
        <>
          <p className="muted">{t("events.staff.scanLead")}</p>
          <video ref={video} muted playsInline aria-label={t("events.staff.camera")} />
          <canvas ref={canvas} hidden />
        </>
      ) : null}
    </div>
  );
}
