import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

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

/** A valid ticket's code, written and as a QR code: what opens the door. */
export function TicketCode({ code }: { code: string }) {
  const intl = useIntl();
  return (
    <div className="ticket-code">
      <p><FormattedMessage id="tickets.code" defaultMessage="Code: {code}"
        values={{ code: <code data-testid="ticket-code">{code}</code> }} /></p>
      <QrCode value={code} label={intl.formatMessage({ id: "tickets.qr", defaultMessage: "QR code of your ticket {code}" }, { code })} />
    </div>
  );
}
