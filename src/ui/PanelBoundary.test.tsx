import { expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { PanelBoundary } from './PanelBoundary';

function Broken(): never {
  throw new Error('Patient Jane Doe has a malformed name');
}

it('shows a calm fallback for one broken panel and keeps its siblings', () => {
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  render(
    <div>
      <PanelBoundary name="the patient banner">
        <Broken />
      </PanelBoundary>
      <p>still here</p>
    </div>,
  );
  expect(screen.getByRole('alert')).toHaveTextContent('the patient banner');
  expect(screen.getByRole('alert')).not.toHaveTextContent('Jane Doe');
  expect(screen.getByText('still here')).toBeInTheDocument();
  consoleError.mockRestore();
});
