import { memo } from 'react';
import type { HandoutSection } from './content';

interface HandoutSectionViewProps {
  section: HandoutSection;
  headingId: string;
  /** Index of the paragraph to highlight for the clinician, or null for none. */
  highlightedParagraph: number | null;
  highlightLabelId: string;
}

// Clinician-facing (the screen only; print.css hides it), so it is UI text rather than content.
const HIGHLIGHT_LABEL = 'Highlighted for you: take-home naloxone advice';

/**
 * Memoised: the sections are most of the screen, and every chart read that lands re-renders
 * the app; a section's props (the handout's own constant section, ids, the highlight) change
 * only when the highlight does, so it is not rendered again for each read.
 */
export const HandoutSectionView = memo(function HandoutSectionView({
  section,
  headingId,
  highlightedParagraph,
  highlightLabelId,
}: HandoutSectionViewProps) {
  return (
    <section className="handout-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="handout-section__heading">
        {section.heading}
      </h2>
      {section.paragraphs.map((text, index) =>
        index === highlightedParagraph ? (
          // A labelled note rather than colour alone, so the emphasis reaches screen readers too.
          <div
            key={index}
            className="handout-highlight"
            role="note"
            aria-labelledby={highlightLabelId}
          >
            <p id={highlightLabelId} className="handout-highlight__label">
              {HIGHLIGHT_LABEL}
            </p>
            <p>{text}</p>
          </div>
        ) : (
          <p key={index}>{text}</p>
        ),
      )}
    </section>
  );
});
