interface HandoutNoteBoxProps {
  headingId: string;
  heading: string;
  /** Already normalised (see normaliseNote); rendered as React text, never as HTML. */
  note: string;
}

/**
 * The clinician's personal note. `dir="auto"` lets a right-to-left note read correctly inside
 * the left-to-right handout; pre-wrap (handout.css) keeps the clinician's line breaks.
 */
export function HandoutNoteBox({ headingId, heading, note }: HandoutNoteBoxProps) {
  return (
    <section className="handout-note" aria-labelledby={headingId}>
      <h2 id={headingId} className="handout-note__heading">
        {heading}
      </h2>
      <p className="handout-note__text" dir="auto">
        {note}
      </p>
    </section>
  );
}
