import type { HandoutLearnMore as LearnMoreText } from './content';
import { safeLinkHref } from './learnMoreLink';

interface HandoutLearnMoreProps {
  text: LearnMoreText;
  /** The configured site; the caller leaves this block out when none is configured. */
  site: string;
  headingId: string;
}

export function HandoutLearnMore({ text, site, headingId }: HandoutLearnMoreProps) {
  const href = safeLinkHref(site);
  return (
    <section className="handout-section handout-learn-more" aria-labelledby={headingId}>
      <h2 id={headingId} className="handout-section__heading">
        {text.heading}
      </h2>
      <p>
        {text.goTo}{' '}
        {href === null ? (
          site
        ) : (
          // The address itself is the link text so that the printed page shows it.
          <a href={href} target="_blank" rel="noopener noreferrer">
            {site}
          </a>
        )}
      </p>
      <p>{text.enterCode}</p>
    </section>
  );
}
