import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";

/** A ticket code as a QR code, for the door's scanner; the code is also written beside it. */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void toDataURL(value, { margin: 1, width: 192, errorCorrectionLevel: "M" }).then((url) => live && setSrc(url));
    return () => { live = false; };
  }, [value]);
  return src ? <img className="qr" src={src} width={192} height={192} alt={label} /> : <span className="qr" />;
}
