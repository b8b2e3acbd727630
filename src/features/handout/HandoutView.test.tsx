import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOUT } from './content';
import { HandoutView, type HandoutViewProps } from './HandoutView';
import { HOSTILE_NOTES, LEARN_MORE_URL, VISIT } from './testing/handoutFixtures';
import { sourceSentences, squash } from './testing/sourceSentences';

function renderView(overrides: Partial<HandoutViewProps> = {}) {
  return render(
    <HandoutView
      handout={DEFAULT_HANDOUT}
      visit={VISIT}
      patientNote="Call the clinic on Monday."
      learnMoreUrl={LEARN_MORE_URL}
      largePrint={false}
      highlightNaloxone={false}
      {...overrides}
    />,
  );
}

const article = () => screen.getByRole('article', { name: DEFAULT_HANDOUT.title });

describe('HandoutView', () => {
  it('shows every sentence of the source', () => {
    renderView({ highlightNaloxone: true });
    const text = squash(article().textContent);
    for (const sentence of sourceSentences()) expect(text).toContain(sentence);
  });

  it('is an article labelled by its h1 title, with an h2 per section', () => {
    renderView();
    expect(screen.getByRole('heading', { level: 1 })).toHaveProperty(
      'textContent',
      DEFAULT_HANDOUT.title,
    );
    for (const section of DEFAULT_HANDOUT.sections) {
      expect(screen.getByRole('heading', { level: 2, name: section.heading })).toBeTruthy();
    }
  });

  it('prints the visit header and leaves out a missing birth date', () => {
    const { rerender } = renderView();
    const text = article().textContent;
    for (const value of Object.values(VISIT)) expect(text).toContain(value);
    rerender(
      <HandoutView
        handout={DEFAULT_HANDOUT}
        visit={{ ...VISIT, birthDate: undefined }}
        patientNote=""
        largePrint={false}
        highlightNaloxone={false}
      />,
    );
    expect(article().textContent).not.toContain('Date of birth');
  });

  it('leaves the learn-more block out when no site is configured', () => {
    for (const learnMoreUrl of [undefined, '', '   ']) {
      const { unmount } = renderView({ learnMoreUrl });
      expect(article().textContent).not.toContain('Where can you learn more?');
      expect(article().textContent).not.toContain('Enter P277');
      expect(screen.queryByRole('link')).toBeNull();
      unmount();
    }
  });

  it('shows "Go to <site>" as a link, then the Enter P277 sentence, when configured', () => {
    renderView();
    const link = screen.getByRole('link', { name: LEARN_MORE_URL });
    expect(link.getAttribute('href')).toBe(LEARN_MORE_URL);
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(squash(article().textContent)).toContain(
      `Go to ${LEARN_MORE_URL}${DEFAULT_HANDOUT.learnMore.enterCode}`,
    );
  });

  it('never turns a non-http site from config into a link', () => {
    renderView({ learnMoreUrl: 'javascript:alert(1)' });
    expect(screen.queryByRole('link')).toBeNull();
    expect(article().textContent).toContain('Go to javascript:alert(1)');
  });

  it('omits the note box for a blank or whitespace-only note', () => {
    for (const patientNote of ['', '  \n\t \r\n ']) {
      const { unmount } = renderView({ patientNote });
      expect(screen.queryByText('A note from your care team')).toBeNull();
      unmount();
    }
  });

  it.each(Object.entries(HOSTILE_NOTES))('shows a %s note literally and inertly', (_k, note) => {
    const { container } = renderView({ patientNote: note });
    const box = screen.getByRole('region', { name: 'A note from your care team' });
    const text = box.querySelector('p');
    expect(text?.textContent).toBe(note.trim());
    expect(text?.getAttribute('dir')).toBe('auto');
    expect(container.querySelector('script, img, iframe, object')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
  });

  it('keeps the note line breaks', () => {
    renderView({ patientNote: '\r\nfirst\r\n\r\nsecond  \n' });
    const box = screen.getByRole('region', { name: 'A note from your care team' });
    expect(box.querySelector('p')?.textContent).toBe('first\n\nsecond');
  });

  it('highlights the naloxone paragraph, with a label, only when asked', () => {
    const { rerender } = renderView({ highlightNaloxone: false });
    expect(screen.queryByRole('note')).toBeNull();
    rerender(
      <HandoutView
        handout={DEFAULT_HANDOUT}
        visit={VISIT}
        patientNote=""
        largePrint={false}
        highlightNaloxone
      />,
    );
    const note = screen.getByRole('note', { name: /naloxone/i });
    expect(within(note).getByText(/take-home naloxone rescue kit/)).toBeTruthy();
  });

  it('switches to large print with a class (the container owns the checkbox)', () => {
    const { rerender } = renderView();
    expect(article().classList.contains('handout--large')).toBe(false);
    rerender(
      <HandoutView
        handout={DEFAULT_HANDOUT}
        visit={VISIT}
        patientNote=""
        largePrint
        highlightNaloxone={false}
      />,
    );
    expect(article().classList.contains('handout--large')).toBe(true);
    expect(article().getAttribute('lang')).toBe('en-CA');
  });
});
