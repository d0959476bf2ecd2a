import { useEffect, useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import type { EventRecord } from "../api/types";
import { Field } from "./Field";

// What the API takes (docs/covers.md): checked here first so that nobody waits for an upload the
// server would refuse; the server checks again, and decides.
export const COVER_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const COVER_MAX_BYTES = 10 * 1024 * 1024;

const WHY = defineMessages({
  type: { id: "cover.type", defaultMessage: "Choose a JPEG, PNG or WebP image" },
  empty: { id: "cover.empty", defaultMessage: "This file is empty" },
  size: { id: "cover.size", defaultMessage: "At most 10 MB" },
});

/** Why a picked file cannot be a cover, or null when it may be sent. */
export function coverProblem(file: { type: string; size: number }): keyof typeof WHY | null {
  if (!(COVER_TYPES as readonly string[]).includes(file.type)) return "type";
  if (file.size === 0) return "empty";
  if (file.size > COVER_MAX_BYTES) return "size";
  return null;
}

/** What the organiser decided about the cover: keep it, a new file, or none. */
export type CoverChoice = { kind: "keep" } | { kind: "new"; file: File } | { kind: "remove" };

/** The cover on the event form: a file picker with a preview of what was picked (or of the
 * current cover), and a way to remove it. */
export function CoverPicker({ event, choice, onChoice, error }: {
  event: EventRecord | undefined;
  choice: CoverChoice;
  onChoice: (next: CoverChoice) => void;
  error: string | undefined;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  const [problem, setProblem] = useState<keyof typeof WHY | null>(null);
  const intl = useIntl();
  const file = choice.kind === "new" ? choice.file : null;
  useEffect(() => {
    if (!file) { setPicked(null); return undefined; }
    const url = URL.createObjectURL(file);
    setPicked(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const current = choice.kind === "keep" ? event?.image?.sources.at(-1)?.url : undefined;
  const preview = picked ?? current;
  return (
    <Field label={intl.formatMessage({ id: "cover.label", defaultMessage: "Cover image (optional)" })}
      error={problem ? intl.formatMessage(WHY[problem]) : error}
      hint={<FormattedMessage id="cover.hint" defaultMessage="JPEG, PNG or WebP, up to 10 MB, at least 200 pixels on each side. Wide images (16:9) look best." />}>
      {(p) => (
        <div className="cover-picker">
          <input {...p} type="file" accept={COVER_TYPES.join(",")} onChange={(e) => {
            const next = e.currentTarget.files?.[0];
            if (!next) return;
            const why = coverProblem(next);
            setProblem(why);
            if (why) e.currentTarget.value = "";
            else onChoice({ kind: "new", file: next });
          }} />
          {preview && <img className="cover-preview" src={preview} alt={intl.formatMessage({ id: "cover.preview", defaultMessage: "Preview of the cover" })} />}
          {(preview || choice.kind === "remove") && (
            <label className="check">
              <input type="checkbox" checked={choice.kind === "remove"}
                onChange={(e) => onChoice(e.currentTarget.checked ? { kind: "remove" } : { kind: "keep" })} />
              {" "}<FormattedMessage id="cover.none" defaultMessage="No cover" />
            </label>
          )}
        </div>
      )}
    </Field>
  );
}
