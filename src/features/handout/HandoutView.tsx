import { useId } from 'react';
import type { Handout } from './content';
import { normaliseLearnMoreUrl, normaliseNote, visitHeaderFields } from './handoutDocument';
import { HandoutLearnMore } from './HandoutLearnMore';
import { HandoutNoteBox } from './HandoutNoteBox';
import { HandoutSectionView } from './HandoutSectionView';
import type { VisitHeader } from './renderInput';
import './handout.css';
import './print.css';

export interface HandoutViewProps {
  handout: Handout;
  visit: VisitHeader;
  patientNote: string;
  learnMoreUrl?: string;
  /** ~1.35x text; the container owns the checkbox. */
  largePrint: boolean;
  /** Emphasise the take-home naloxone paragraph (e.g. no naloxone on the medication list). */
  highlightNaloxone: boolean;
  /** A QR code (PNG data URL) of a SMART Health Link made for this handout: printed with it. */
  shareQr?: string | undefined;
}

/**
 * The handout exactly as it prints: print.css hides the rest of the app, so there is no
 * separate print layout to keep in sync. All variable text is rendered as React text.
 */
export function HandoutView({
  handout,
  visit,
  patientNote,
  learnMoreUrl,
  largePrint,
  highlightNaloxone,
  shareQr,
}: HandoutViewProps) {
  const idBase = useId();
  const titleId = `${idBase}-title`;
  const note = normaliseNote(patientNote);
  const site = normaliseLearnMoreUrl(learnMoreUrl);
  const advice = handout.naloxoneAdvice;

  return (
    <article
      className={largePrint ? 'handout handout--large' : 'handout'}
      aria-labelledby={titleId}
      lang={handout.language}
    >
      <header className="handout-visit">
        <dl className="handout-visit__fields">
          {visitHeaderFields(visit, handout).map((field) => (
            <div key={field.label} className="handout-visit__field">
              <dt>{field.label}</dt>
              <dd dir="auto">{field.value}</dd>
            </div>
          ))}
        </dl>
      </header>
      <h1 id={titleId} className="handout-title">
        {handout.title}
      </h1>
      {note !== null && (
        <HandoutNoteBox
          headingId={`${idBase}-note`}
          heading={handout.printLabels.noteHeading}
          note={note}
        />
      )}
      {handout.sections.map((section) => (
        <HandoutSectionView
          key={section.id}
          section={section}
          headingId={`${idBase}-${section.id}`}
          highlightedParagraph={
            highlightNaloxone && advice.sectionId === section.id ? advice.paragraphIndex : null
          }
          highlightLabelId={`${idBase}-highlight`}
        />
      ))}
      {site !== null && (
        <HandoutLearnMore text={handout.learnMore} site={site} headingId={`${idBase}-learn`} />
      )}
      {shareQr ? (
        <figure className="handout-share-qr">
          <img src={shareQr} alt="QR code that opens this handout on a phone" width={132} />
          <figcaption>Scan with your phone camera to read this handout on your phone.</figcaption>
        </figure>
      ) : null}
      <footer className="handout-credits">
        <p>{handout.attribution}</p>
        <p>{handout.disclaimer}</p>
      </footer>
    </article>
  );
}
