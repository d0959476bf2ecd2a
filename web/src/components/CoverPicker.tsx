import { useEffect, useState } from "react";

import type { EventRecord } from "../api/types";
import { Field } from "./Field";

// What the API takes (docs/covers.md): checked here first so that nobody waits for an upload the
// server would refuse; the server checks again, and decides.
export const COVER_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const COVER_MAX_BYTES = 10 * 1024 * 1024;

/** Why a picked file cannot be a cover, or null when it may be sent. */
export function coverProblem(file: { type: string; size: number }): string | null {
  if (!(COVER_TYPES as readonly string[]).includes(file.type)) return "Choose a JPEG, PNG or WebP image";
  if (file.size === 0) return "This file is empty";
  if (file.size > COVER_MAX_BYTES) return "At most 10 MB";
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
  const [problem, setProblem] = useState<string | null>(null);
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
    <Field label="Cover image (optional)" error={problem ?? error}
      hint="JPEG, PNG or WebP, up to 10 MB, at least 200 pixels on each side. Wide images (16:9) look best.">
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
          {preview && <img className="cover-preview" src={preview} alt="Preview of the cover" />}
          {(preview || choice.kind === "remove") && (
            <label className="check">
              <input type="checkbox" checked={choice.kind === "remove"}
                onChange={(e) => onChoice(e.currentTarget.checked ? { kind: "remove" } : { kind: "keep" })} />
              {" "}No cover
            </label>
          )}
        </div>
      )}
    </Field>
  );
}
